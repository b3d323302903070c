#!/usr/bin/env bash
# kubectl's dry runs of the Job of docs/scale-out.md (nothing is created).
# Both need an API server — kubectl resolves the kind through the server's
# discovery even with --dry-run=client ("unable to recognize ...: connection
# refused" without one), with Debian 12's kubernetes-client as with current
# kubectl — so this runs only against the cluster GAUNTLET_TEST_KUBECONFIG
# names, and is skipped otherwise.
. "$(dirname "$0")/lib.sh"
command -v kubectl >/dev/null || skip "kubectl not installed (Debian: kubernetes-client); its dry run needs an API server anyway"
[ -n "${GAUNTLET_TEST_KUBECONFIG:-}" ] ||
	skip "kubectl's dry run needs an API server: set GAUNTLET_TEST_KUBECONFIG to a cluster's kubeconfig to run it"
export KUBECONFIG=$GAUNTLET_TEST_KUBECONFIG
recipe grade-job.yaml job.yaml
expect_status 0 kubectl apply --dry-run=client -f job.yaml
expect_in "$T/out" 'job.batch/grade-worker-pool created \(dry run\)'
expect_status 0 kubectl apply --dry-run=server -f job.yaml
expect_in "$T/out" 'job.batch/grade-worker-pool created \(server dry run\)'
exit 0
