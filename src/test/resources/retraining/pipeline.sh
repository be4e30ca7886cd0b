#!/bin/sh
# The retraining pipeline of the tests: what it does depends on the model it retrains.
here=$(dirname "$0")
case "$SCOREWATCH_MODEL" in
    fails) exec sh "$here/fail.sh" ;;
    hangs) exec sh "$here/hang.sh" ;;
    busy) exec sh "$here/slow.sh" ;;
    *) exec sh "$here/succeed.sh" ;;
esac
