#!/bin/sh
# scapy for the byte-exact packet tests (system python, not a pyenv shim)
/usr/bin/python3 -c 'import scapy; assert scapy.__version__ >= "2.4"'
