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

moved {
  from = aws_scheduler_schedule.night
  to   = aws_scheduler_schedule.night[0]
}

# Unsharded: one task runs the whole night (the task definition's command).
resource "aws_scheduler_schedule" "night" {
  count = local.sharded ? 0 : 1

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

}

# Sharded nights (auroradoc run --shard / --finish): one schedule per shard
# this instance crawls, and, in the instance that finishes the night, one
# for the finishing step. Every schedule of the night has the same
# expression and time zone, so <aws.scheduler.scheduled-time> is the same
# in every region: it is the night's set id (--set). The finishing step
# waits (bounded, --wait) for the shards' records; a shard that never
# reports becomes a failed region/account with its clusters carried
# forward. The universal RunTask target is used because only it can
# override the container's command with the scheduled time.

locals {
  sharded = length(var.shards) > 0 || var.finish != null
  runs = merge(
    { for s in var.shards : "shard-${replace(replace(s, "=", "-"), ",", "-")}" => {
      description = "auroradoc night, shard ${s}: crawl it into the night's set"
      args        = ["--shard", s]
    } },
    var.finish == null ? {} : { finish = {
      description = "auroradoc night, finishing step: complete the set, render, publish, report"
      args        = ["--finish", "--shards", join(" ", var.finish.shards), "--wait", var.finish.wait]
    } },
  )
}

resource "aws_scheduler_schedule" "run" {
  for_each = local.runs

  name                         = "${var.name}-${each.key}"
  description                  = each.value.description
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone
  state                        = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:${local.partition}:scheduler:::aws-sdk:ecs:runTask"
    role_arn = aws_iam_role.scheduler.arn
    input = jsonencode({
      Cluster        = aws_ecs_cluster.this.arn
      TaskDefinition = aws_ecs_task_definition.this.arn
      LaunchType     = "FARGATE"
      Count          = 1
      NetworkConfiguration = {
        AwsvpcConfiguration = {
          Subnets        = var.subnet_ids
          SecurityGroups = [aws_security_group.task.id]
          AssignPublicIp = "DISABLED"
        }
      }
      Overrides = {
        ContainerOverrides = [{
          Name    = local.container_name
          Command = concat(var.command, ["--set", "<aws.scheduler.scheduled-time>"], each.value.args)
        }]
      }
    })

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
      condition     = var.command[0] == "run"
      error_message = "sharded nights need command to be an auroradoc run command (run --set/--shard/--finish are added to it)."
    }
  }
}
