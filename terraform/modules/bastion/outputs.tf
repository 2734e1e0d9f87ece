output "function_url" {
  description = "The Slack app's request URL (slash command, interactivity)."
  value       = aws_lambda_function_url.this.function_url
}

output "function_arn" {
  description = "The bastion function."
  value       = aws_lambda_function.this.arn
}

output "table_name" {
  description = "The engine's DynamoDB table (bastion.yaml dynamodb.table)."
  value       = aws_dynamodb_table.this.name
}

output "host_security_group_id" {
  description = "The hosts' security group (no ingress): allow it on the clusters' port in their security groups."
  value       = aws_security_group.host.id
}

output "session_policy_json" {
  description = "IAM policy for the engineers who may start port-forwarding sessions to the hosts."
  value       = data.aws_iam_policy_document.session.json
}

output "alarm_topic_arn" {
  description = "SNS topic of the revocation-failed alarm."
  value       = aws_sns_topic.alarms.arn
}
