#!/bin/sh -e
# SPDX-License-Identifier: GPL-2.0
# Generate ./configure from a git checkout.
cd "$(dirname "$0")"
mkdir -p m4
autoreconf -fi
rm -rf autom4te.cache
