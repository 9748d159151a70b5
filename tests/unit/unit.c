// SPDX-License-Identifier: GPL-2.0
#include "unit.h"

unsigned int unit_passed, unit_failed;

int main(void)
{
	test_rfc6052();
	test_csum();
	test_icmp();
	test_nat64_tcp();
	test_pool4();
	test_rfc6056();
	test_exthdr();
	test_icmp_err();
	test_eamt();
	test_addr();

	printf("unit: %u passed, %u failed\n", unit_passed, unit_failed);
	return unit_failed || !unit_passed;
}
