output "json" {
  description = "The access engine's policy document (JSON): attach it to the engine's role."
  value       = data.aws_iam_policy_document.access.json
}
