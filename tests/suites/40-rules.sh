#!/bin/sh
# Inline examples of the bundled rule files (lore test).
./build/lore test
