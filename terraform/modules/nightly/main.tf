data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  # An ECR image gets repository-scoped pull permissions; another registry
  # needs none (public) or repositoryCredentials (not supported here).
  ecr          = regex("^(?:(?P<account>[0-9]{12})\\.dkr\\.ecr\\.(?P<region>[a-z0-9-]+)\\.amazonaws\\.com/(?P<repository>[^:@]+))?", var.image)
  ecr_repo_arn = local.ecr.account == null ? null : "arn:${local.partition}:ecr:${local.ecr.region}:${local.ecr.account}:repository/${local.ecr.repository}"

  # ARNs built from names, not read from the resources: a policy document that
  # reads a resource being created is deferred to apply, so a plan (and the
  # tests) could not show it.
  log_group_name     = "/auroradoc/${var.name}"
  log_group_arn      = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  cluster_arn        = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:cluster/${var.name}"
  task_family_arn    = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${var.name}"
  task_role_arn      = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-task"
  execution_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-execution"
  dlq_arn            = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${var.name}-schedule-dlq"
  topic_arn          = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-alarms"
  task_failed_arn    = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name}-task-failed"

  container_name = "auroradoc"
  # The root filesystem is read-only: caches and temp files go to /tmp.
  environment = merge({ HOME = "/tmp", TMPDIR = "/tmp" }, var.environment, { AURORADOC_DEPLOYMENT = var.name })
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "disabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  ephemeral_storage {
    size_in_gib = var.ephemeral_storage_gib
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = local.container_name
    image                  = var.image
    essential              = true
    command                = var.command
    readonlyRootFilesystem = true
    user                   = "65532:65532"
    workingDirectory       = "/tmp"
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    environment            = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
    secrets                = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "night"
      }
    }
  }])

  tags = var.tags
}

# --- network: egress only, to the databases (3306) and AWS endpoints (443) ---

resource "aws_security_group" "task" {
  name        = "${var.name}-task"
  description = "auroradoc nightly task: no ingress; egress to MySQL 3306 and HTTPS 443 only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "mysql" {
  for_each = toset(var.database_cidr_blocks)

  security_group_id = aws_security_group.task.id
  description       = "Aurora MySQL"
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = toset(var.https_cidr_blocks)

  security_group_id = aws_security_group.task.id
  description       = "AWS APIs (HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "https_prefix_list" {
  for_each = toset(var.https_prefix_list_ids)

  security_group_id = aws_security_group.task.id
  description       = "AWS APIs through a gateway endpoint (HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = each.value
}
