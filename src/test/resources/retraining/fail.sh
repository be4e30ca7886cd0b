#!/bin/sh
# Fails: some output, an error on stderr, a non-zero exit code.
echo "loading training data for $SCOREWATCH_MODEL"
echo "retraining failed: no training data for $SCOREWATCH_MODEL" >&2
exit 3
