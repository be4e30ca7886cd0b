#!/bin/sh
# Retrains successfully: tells what it was given, as a pipeline would log it.
echo "model=$SCOREWATCH_MODEL"
echo "version=$SCOREWATCH_MODEL_VERSION"
echo "run=$SCOREWATCH_RUN_ID"
echo "source=$SCOREWATCH_SOURCE"
echo "reasons=$SCOREWATCH_REASONS"
echo "directory=$(pwd)"
echo "New model ready for validation"
