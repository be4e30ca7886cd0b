#!/bin/sh
# Hangs past any timeout, with a child of its own that hangs too.
sleep 600 &
echo "child $!"
echo "parent $$"
sleep 600
