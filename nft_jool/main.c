// SPDX-License-Identifier: GPL-2.0
/*
 * nft_jool: IPv4/IPv6 translation (SIIT, later stateful NAT64) as an
 * nf_tables object type ("jool" instances) and expression ("jool name X").
 */

#include <linux/module.h>
#include <net/netfilter/nf_tables.h>
#include "bib.h"
#include "genl.h"
#include "instance.h"
#include "selftest.h"

static int __init nft_jool_module_init(void)
{
	int err;

	err = jool_selftest_run();
	if (err)
		return err;

	/* NAT64 state (slab caches) before any object can need it. */
	err = jool_nat64_module_init();
	if (err)
		return err;

	/* The object first: the expression can only refer to objects. */
	err = nft_register_obj(&nft_jool_obj_type);
	if (err)
		goto err_nat64;

	err = nft_register_expr(&nft_jool_expr_type);
	if (err)
		goto err_unregister_obj;

	/* Last: its commands look instances up. */
	err = jool_genl_init();
	if (err)
		goto err_unregister_expr;

	return 0;

err_unregister_expr:
	nft_unregister_expr(&nft_jool_expr_type);
err_unregister_obj:
	nft_unregister_obj(&nft_jool_obj_type);
err_nat64:
	/* Nothing used the caches yet, but be as careful as at exit. */
	rcu_barrier();
	jool_nat64_module_exit();
	return err;
}

static void __exit nft_jool_module_exit(void)
{
	jool_genl_exit();
	nft_unregister_expr(&nft_jool_expr_type);
	nft_unregister_obj(&nft_jool_obj_type);
	/* Configs are freed by RCU callbacks, which run module code. */
	rcu_barrier();
	/* After the callbacks: some of them free NAT64 entries. */
	jool_nat64_module_exit();
}

module_init(nft_jool_module_init);
module_exit(nft_jool_module_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("nft_jool developers");
MODULE_DESCRIPTION("nftables IPv4/IPv6 translator (SIIT, NAT64) object and expression");
MODULE_ALIAS_NFT_EXPR("jool");
MODULE_ALIAS_NFT_OBJ(NFT_OBJECT_JOOL);
