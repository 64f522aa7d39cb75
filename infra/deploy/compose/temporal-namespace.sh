#!/bin/sh
# Registers the namespace and the search attributes the workflows set (SEARCH_ATTRIBUTES in
# libs/contracts/src/temporal.ts; test/unit/infra/deploy.test.ts keeps this list equal to it). Idempotent.
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do sleep 2; done
temporal operator namespace describe -n "$NAMESPACE" --address "$TEMPORAL_ADDRESS" \
  || temporal operator namespace create -n "$NAMESPACE" --retention 720h --address "$TEMPORAL_ADDRESS"
for name in PirmCampaignId PirmUnitId PirmPhase; do
  temporal operator search-attribute create -n "$NAMESPACE" --name "$name" --type Keyword \
    --address "$TEMPORAL_ADDRESS" || echo "search attribute $name exists"
done
