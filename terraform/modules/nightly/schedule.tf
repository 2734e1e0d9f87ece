# EventBridge Scheduler starts the task once a night; RunTask failures
# (capacity, throttling) are retried and finally land in the dead-letter queue.

resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name}-schedule-dlq"
  message_retention_seconds         = 1209600
  sqs_managed_sse_enabled           = var.kms_key_arn == null ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_key_arn == null ? null : 3600
  tags                              = var.tags
}

resource "aws_scheduler_schedule" "night" {
  name                         = var.name
  description                  = "auroradoc night: crawl, store, render, publish, report"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone
  state                        = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler.arn

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.this.arn
      launch_type         = "FARGATE"
      task_count          = 1

      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = [aws_security_group.task.id]
        assign_public_ip = false
      }
    }

    retry_policy {
      maximum_retry_attempts       = var.retry_attempts
      maximum_event_age_in_seconds = 3600
    }

    dead_letter_config {
      arn = aws_sqs_queue.dlq.arn
    }
  }

  lifecycle {
    precondition {
      condition     = length(var.shards) == 0
      error_message = "sharded nights are not implemented yet: leave shards empty (one task crawls every region it can reach)."
    }
  }
}
