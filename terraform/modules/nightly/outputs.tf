output "cluster_arn" {
  description = "ARN of the ECS cluster the night runs in."
  value       = aws_ecs_cluster.this.arn
}

output "task_definition_arn" {
  description = "ARN (with revision) of the night's task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_family_arn" {
  description = "ARN of the task definition without revision (for ecs:RunTask policies)."
  value       = aws_ecs_task_definition.this.arn_without_revision
}

output "task_role_arn" {
  description = "ARN of the task role: trust this from crawler-role in other accounts."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the ECS execution role."
  value       = aws_iam_role.execution.arn
}

output "security_group_id" {
  description = "Security group of the task: allow it on port 3306 in the clusters' security groups."
  value       = aws_security_group.task.id
}

output "subnet_ids" {
  description = "Subnets the task runs in (for a manual or CI-triggered RunTask)."
  value       = var.subnet_ids
}

output "schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule of the unsharded night (null when sharded)."
  value       = one(aws_scheduler_schedule.night[*].arn)
}

output "shard_schedule_arns" {
  description = "Sharded nights: ARNs of the schedules, by name (shard-<shard>, finish)."
  value       = { for k, s in aws_scheduler_schedule.run : k => s.arn }
}

output "dead_letter_queue_arn" {
  description = "ARN of the schedule's dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms (subscribe chat or paging integrations here)."
  value       = aws_sns_topic.alarms.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the task."
  value       = aws_cloudwatch_log_group.this.name
}

output "night_finished_metric" {
  description = "The metric the job must emit once per finished night (embedded metric format) and the stale alarm watches."
  value       = { namespace = var.metric_namespace, name = "NightFinished", dimensions = { Deployment = var.name } }
}
