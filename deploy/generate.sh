#!/usr/bin/env bash
# Writes the Strimzi resources of deploy/base again from the flows' declarations: a KafkaTopic per topic (changelogs
# included) and the workers' KafkaUser with their least-privilege ACLs. Run it after changing a flow; commit the
# result. KubernetesManifestsTest fails while a file differs from what its command prints.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="$root/deploy/base"
# The resources follow from the flows and these arguments alone, not from a shell's ORCHESTRATOR_* settings.
for variable in $(compgen -e | grep '^ORCHESTRATOR_' | grep -v '^ORCHESTRATOR_JAVA_OPTS$' || true); do
  unset "$variable"
done
header() {
  echo "# Generated: bin/orchestrator $*"
  echo "# Do not edit: deploy/generate.sh writes it again (KubernetesManifestsTest checks it is up to date)."
}
topics=(topics --format strimzi --cluster my-cluster --partitions 6 -D orchestrator.topic.replication.factor=3)
acls=(acls --format strimzi --cluster my-cluster --principal User:orchestrator-worker
      --flows lead_sync,support_triage,lead_intake,support_ticket,account_provisioning,followup_reminder,company_search)
{ header "${topics[@]}"; "$root/bin/orchestrator" "${topics[@]}"; } > "$base/kafka-topics.yaml"
{ header "${acls[@]}"; "$root/bin/orchestrator" "${acls[@]}"; } > "$base/kafka-user.yaml"
echo "wrote $base/kafka-topics.yaml and $base/kafka-user.yaml" >&2
