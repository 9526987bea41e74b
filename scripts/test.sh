#!/usr/bin/env bash
# Runs every test of the workspace: unit tests, sqllogictest files, and the
# end-to-end tests that drive the quarry binary against a real S3-compatible
# server on 127.0.0.1. That server is moto (PyPI package moto[server]); it is
# installed on first use into target/s3-venv, so nothing outside the
# repository is changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/s3-venv
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "installing the test S3 server (moto[server]) into $venv" >&2
  mkdir -p target
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
fi
export QUARRY_MOTO_SERVER="$PWD/$venv/bin/moto_server"

# Keep the caller's AWS setup out of the tests; they configure their own.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 \
  AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export AWS_EC2_METADATA_DISABLED=true

cargo test --workspace "$@"
