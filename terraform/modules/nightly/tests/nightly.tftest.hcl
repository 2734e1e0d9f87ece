# Offline: the real provider with fake keys plans without AWS; the caller
# identity and the ARNs AWS would assign are overridden so the policies and
# the schedule can be asserted as they will be applied.
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

override_data {
  target          = data.aws_caller_identity.current
  override_during = plan
  values          = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/test", user_id = "AIDAEXAMPLE" }
}

override_resource {
  target          = aws_ecs_cluster.this
  override_during = plan
  values          = { arn = "arn:aws:ecs:eu-west-1:111122223333:cluster/auroradoc-test" }
}

override_resource {
  target          = aws_ecs_task_definition.this
  override_during = plan
  values = {
    arn                  = "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-test:7"
    arn_without_revision = "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-test"
  }
}

override_resource {
  target          = aws_iam_role.task
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/auroradoc-test-task", id = "auroradoc-test-task" }
}

override_resource {
  target          = aws_iam_role.execution
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/auroradoc-test-execution", id = "auroradoc-test-execution" }
}

override_resource {
  target          = aws_iam_role.scheduler
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/auroradoc-test-scheduler", id = "auroradoc-test-scheduler" }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:111122223333:auroradoc-test-schedule-dlq" }
}

override_resource {
  target          = aws_sns_topic.alarms
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:111122223333:auroradoc-test-alarms" }
}

override_resource {
  target          = aws_security_group.task
  override_during = plan
  values          = { id = "sg-0123456789abcdef0" }
}

override_resource {
  target          = aws_cloudwatch_event_rule.task_failed
  override_during = plan
  values          = { arn = "arn:aws:events:eu-west-1:111122223333:rule/auroradoc-test-task-failed" }
}

variables {
  name                 = "auroradoc-test"
  image                = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/auroradoc:v1.2.3"
  vpc_id               = "vpc-0123456789abcdef0"
  subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  database_cidr_blocks = ["10.20.0.0/16"]
  snapshot_bucket_arn  = "arn:aws:s3:::dbre-auroradoc-snapshots"
  site_bucket_arn      = "arn:aws:s3:::dbre-auroradoc-site"
  regions              = ["eu-west-1", "us-east-1"]
}

run "schedule_targets_the_task" {
  command = plan

  assert {
    condition     = aws_scheduler_schedule.night[0].target[0].arn == "arn:aws:ecs:eu-west-1:111122223333:cluster/auroradoc-test"
    error_message = "the schedule must target the night's cluster"
  }

  assert {
    condition     = one(aws_scheduler_schedule.night[0].target[0].ecs_parameters).task_definition_arn == "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-test:7"
    error_message = "the schedule must run the night's task definition"
  }

  assert {
    condition     = one(aws_scheduler_schedule.night[0].target[0].ecs_parameters).launch_type == "FARGATE" && one(one(aws_scheduler_schedule.night[0].target[0].ecs_parameters).network_configuration).assign_public_ip == false
    error_message = "the task must run on Fargate without a public IP"
  }

  assert {
    condition     = one(one(aws_scheduler_schedule.night[0].target[0].ecs_parameters).network_configuration).security_groups == toset(["sg-0123456789abcdef0"])
    error_message = "the task must run in its egress-only security group"
  }

  assert {
    condition     = one(aws_scheduler_schedule.night[0].target[0].retry_policy).maximum_retry_attempts == 3 && one(aws_scheduler_schedule.night[0].target[0].dead_letter_config).arn == "arn:aws:sqs:eu-west-1:111122223333:auroradoc-test-schedule-dlq"
    error_message = "the schedule must retry and dead-letter"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == var.image && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem
    error_message = "the container runs the given image with a read-only root filesystem"
  }

  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value } == { AURORADOC_DEPLOYMENT = "auroradoc-test", HOME = "/tmp", TMPDIR = "/tmp" }
    error_message = "the job gets its deployment name (the NightFinished dimension) and a writable HOME"
  }
}

run "security_group_egress_is_limited" {
  command = plan

  assert {
    condition     = length(aws_security_group.task.ingress) == 0
    error_message = "the task needs no ingress"
  }

  assert {
    condition = toset(concat(
      [for r in aws_vpc_security_group_egress_rule.mysql : "${r.ip_protocol}/${r.from_port}-${r.to_port}/${r.cidr_ipv4}"],
      [for r in aws_vpc_security_group_egress_rule.https : "${r.ip_protocol}/${r.from_port}-${r.to_port}/${r.cidr_ipv4}"],
    )) == toset(["tcp/3306-3306/10.20.0.0/16", "tcp/443-443/0.0.0.0/0"])
    error_message = "egress must be MySQL to the databases and HTTPS only"
  }
}

run "no_wildcard_actions_and_scoped_resources" {
  command = plan

  assert {
    condition = alltrue(flatten([for doc in [data.aws_iam_policy_document.task.json, data.aws_iam_policy_document.execution.json, data.aws_iam_policy_document.scheduler.json] : [
      for s in jsondecode(doc).Statement : [for a in flatten([s.Action]) : !strcontains(a, "*")]
    ]]))
    error_message = "no policy may grant a wildcard action"
  }

  assert {
    condition = alltrue(flatten([for doc in [data.aws_iam_policy_document.task.json, data.aws_iam_policy_document.scheduler.json] : [
      for s in jsondecode(doc).Statement : [for r in flatten([s.Resource]) : r != "*"]
    ]]))
    error_message = "with explicit regions, no task or scheduler statement needs Resource *"
  }

  assert {
    condition = [for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s.Resource if s.Sid == "CrawlLoginSecrets"] == [[
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:auroradoc/*",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:auroradoc/*",
    ]]
    error_message = "the crawl may read only the auroradoc/ secrets of its regions"
  }

  assert {
    condition     = [for s in jsondecode(data.aws_iam_policy_document.scheduler.json).Statement : s.Resource if s.Sid == "RunNightTask"] == ["arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-test:*"]
    error_message = "the scheduler may run only the night's task definition"
  }

  assert {
    condition     = [for s in jsondecode(data.aws_iam_policy_document.execution.json).Statement : s.Resource if s.Sid == "PullImage"] == ["arn:aws:ecr:eu-west-1:111122223333:repository/auroradoc"]
    error_message = "the execution role may pull only the auroradoc repository"
  }

  assert {
    condition     = length([for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s if s.Sid == "EnabledRegions" || s.Sid == "CrawlOtherAccounts" || s.Sid == "CrawlLoginIAM"]) == 0
    error_message = "ec2:DescribeRegions only for regions [*], sts:AssumeRole only with crawler roles, rds-db:connect only with IAM auth"
  }
}

run "all_regions_and_iam_auth" {
  command = plan

  variables {
    regions           = ["*"]
    credentials       = "iam"
    crawler_role_arns = ["arn:aws:iam::444455556666:role/auroradoc-crawler"]
  }

  assert {
    condition     = [for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s.Action if s.Resource == "*"] == ["ec2:DescribeRegions"]
    error_message = "ec2:DescribeRegions is the only task action on Resource * (it supports no narrower scope)"
  }

  assert {
    condition     = [for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s.Resource if s.Sid == "CrawlLoginIAM"] == ["arn:aws:rds-db:*:111122223333:dbuser:*/auroradoc"]
    error_message = "IAM auth may connect only as the auroradoc user"
  }

  assert {
    condition     = [for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s.Resource if s.Sid == "CrawlOtherAccounts"] == ["arn:aws:iam::444455556666:role/auroradoc-crawler"]
    error_message = "the task may assume only the listed crawler roles"
  }

  assert {
    condition     = length([for s in jsondecode(data.aws_iam_policy_document.task.json).Statement : s if s.Sid == "CrawlLoginSecrets"]) == 0
    error_message = "IAM auth needs no secrets"
  }
}

run "alarms_exist" {
  command = plan

  assert {
    condition = alltrue([
      aws_cloudwatch_metric_alarm.no_night_finished.namespace == "auroradoc",
      aws_cloudwatch_metric_alarm.no_night_finished.metric_name == "NightFinished",
      aws_cloudwatch_metric_alarm.no_night_finished.treat_missing_data == "breaching",
      aws_cloudwatch_metric_alarm.no_night_finished.period * aws_cloudwatch_metric_alarm.no_night_finished.evaluation_periods == 26 * 3600,
      aws_cloudwatch_metric_alarm.no_night_finished.alarm_actions == toset(["arn:aws:sns:eu-west-1:111122223333:auroradoc-test-alarms"]),
    ])
    error_message = "the stale-night alarm must watch NightFinished over 26 h, missing data breaching, to SNS"
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.task_failed.event_pattern).detail.lastStatus == ["STOPPED"] && jsondecode(aws_cloudwatch_event_rule.task_failed.event_pattern).detail["$or"][0].containers.exitCode == [{ "anything-but" = 0 }]
    error_message = "the task-failed rule must match stopped tasks with a non-zero exit code"
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.task_failed.event_pattern).detail.clusterArn == ["arn:aws:ecs:eu-west-1:111122223333:cluster/auroradoc-test"]
    error_message = "the task-failed rule must watch the night's cluster only"
  }

  assert {
    condition     = aws_cloudwatch_event_target.task_failed.arn == "arn:aws:sns:eu-west-1:111122223333:auroradoc-test-alarms"
    error_message = "task failures must go to the alarm topic"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.schedule_dlq.dimensions.QueueName == "auroradoc-test-schedule-dlq"
    error_message = "a dead-lettered schedule must alarm"
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 90
    error_message = "the log group must have a retention"
  }
}

run "sharded_night_schedules_shards_and_finish" {
  command = plan

  variables {
    shards = ["static", "region=eu-west-1"]
    finish = { shards = ["static", "region=eu-west-1", "region=us-east-1"], wait = "30m" }
  }

  assert {
    condition     = length(aws_scheduler_schedule.night) == 0 && length(aws_scheduler_schedule.run) == 3
    error_message = "sharded: one schedule per shard plus the finishing step, and no whole-night schedule"
  }

  assert {
    condition = alltrue([for s in aws_scheduler_schedule.run :
      s.target[0].arn == "arn:aws:scheduler:::aws-sdk:ecs:runTask" &&
      jsondecode(s.target[0].input).Cluster == "arn:aws:ecs:eu-west-1:111122223333:cluster/auroradoc-test" &&
      jsondecode(s.target[0].input).TaskDefinition == "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-test:7" &&
      jsondecode(s.target[0].input).NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp == "DISABLED" &&
      jsondecode(s.target[0].input).NetworkConfiguration.AwsvpcConfiguration.SecurityGroups == ["sg-0123456789abcdef0"] &&
      s.schedule_expression == aws_scheduler_schedule.run["finish"].schedule_expression &&
      one(s.target[0].dead_letter_config).arn == "arn:aws:sqs:eu-west-1:111122223333:auroradoc-test-schedule-dlq" &&
      one(s.target[0].retry_policy).maximum_retry_attempts == 3
    ])
    error_message = "every shard and the finish run the night task in the private subnets, on one schedule, with retry and the dead-letter queue"
  }

  assert {
    condition = (jsondecode(aws_scheduler_schedule.run["shard-region-eu-west-1"].target[0].input).Overrides.ContainerOverrides[0].Command ==
    ["run", "--config", "/etc/auroradoc/auroradoc.yaml", "--log-format", "json", "--emf", "--set", "<aws.scheduler.scheduled-time>", "--shard", "region=eu-west-1"])
    error_message = "a shard's task crawls its shard into the set named by the scheduled time"
  }

  assert {
    condition = (jsondecode(aws_scheduler_schedule.run["finish"].target[0].input).Overrides.ContainerOverrides[0].Command ==
    ["run", "--config", "/etc/auroradoc/auroradoc.yaml", "--log-format", "json", "--emf", "--set", "<aws.scheduler.scheduled-time>", "--finish", "--shards", "static region=eu-west-1 region=us-east-1", "--wait", "30m"])
    error_message = "the finishing step completes the same set from every shard of the night, waiting at most finish.wait"
  }

  assert {
    condition     = contains(keys(aws_scheduler_schedule.run), "shard-static") && output.schedule_arn == null
    error_message = "the static shard has its schedule; the whole-night schedule output is null"
  }
}

run "shard_names_are_checked" {
  command = plan

  variables {
    shards = ["eu-west-1"]
  }

  expect_failures = [var.shards]
}

run "finish_wait_is_a_duration" {
  command = plan

  variables {
    finish = { shards = ["region=eu-west-1"], wait = "soon" }
  }

  expect_failures = [var.finish]
}

run "image_must_be_pinned" {
  command = plan

  variables {
    image = "auroradoc"
  }

  expect_failures = [var.image]
}
