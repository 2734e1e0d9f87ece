output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider used by the roles."
  value       = local.provider_arn
}

output "drift_gate_role_arn" {
  description = "Role of the drift gate: repository variable AURORADOC_ROLE_ARN of .github/workflows/drift-gate.yml."
  value       = aws_iam_role.drift_gate.arn
}

output "nightly_trigger_role_arn" {
  description = "Role of .github/workflows/nightly-ecs.yml (repository variable AURORADOC_TRIGGER_ROLE_ARN); null without nightly."
  value       = var.nightly == null ? null : aws_iam_role.nightly_trigger[0].arn
}
