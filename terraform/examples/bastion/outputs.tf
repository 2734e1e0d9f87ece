output "slack_request_url" {
  description = "Request URL of the Slack app (slash command and interactivity)."
  value       = module.bastion.function_url
}

output "sessions_policy_arn" {
  description = "Attach to the engineers' role: port forwarding to the bastion hosts only."
  value       = aws_iam_policy.sessions.arn
}
