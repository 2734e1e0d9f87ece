# The access engine on AWS: the Lambda (Slack via its Function URL, timers
# and the periodic sweep via EventBridge Scheduler), its DynamoDB table,
# logs, and the bastion hosts' launch settings. docs/access.md.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  region       = data.aws_region.current.name
  partition    = data.aws_partition.current.partition
  function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name}"
  hosts = jsonencode({
    mode             = var.mode
    launch_template  = aws_launch_template.host.id
    instance_profile = aws_iam_instance_profile.host.arn
    clusters = { for name, c in var.clusters : name => {
      region   = local.region, vpc = var.vpc_id, subnet = c.subnet, security_group = aws_security_group.host.id,
      endpoint = c.endpoint, port = c.port
    } }
  })
}

resource "aws_dynamodb_table" "this" {
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  ttl {
    attribute_name = "ttl"
    enabled        = true
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled = true
  }
  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.function.arn
  runtime          = "provided.al2023"
  architectures    = ["arm64"]
  handler          = "bootstrap"
  filename         = var.lambda_zip
  source_code_hash = filebase64sha256(var.lambda_zip)
  # Open waits for a per-request host to boot (~40 s) within one invocation.
  timeout     = 300
  memory_size = 256

  environment {
    variables = {
      BASTION_CONFIG             = "bastion.yaml"
      BASTION_HOSTS              = local.hosts
      BASTION_SCHEDULE_GROUP     = aws_scheduler_schedule_group.this.name
      BASTION_FUNCTION_ARN       = local.function_arn
      BASTION_SCHEDULER_ROLE_ARN = aws_iam_role.scheduler.arn
    }
  }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }
  tags = var.tags
}

# Auth NONE: Slack cannot sign AWS requests; every request is checked by the
# Slack app itself (v0 HMAC-SHA256 signature, 5-minute window, replay
# memory, team and app id) before anything is read or changed.
resource "aws_lambda_function_url" "this" {
  function_name      = aws_lambda_function.this.function_name
  authorization_type = "NONE"
}
