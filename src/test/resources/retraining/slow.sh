#!/bin/sh
# Takes a while, then succeeds.
sleep 2
echo "retrained $SCOREWATCH_MODEL"
