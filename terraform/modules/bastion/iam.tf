# The function's role: its table, its grant secrets (under bastion/), the
# admin secrets, the hosts (by tag), its schedules, its logs.

data "aws_iam_policy_document" "function_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "${var.name}-function"
  assume_role_policy = data.aws_iam_policy_document.function_assume.json
  tags               = var.tags
}

# ARNs built from names, so the policy is known at plan time (and testable
# offline).
locals {
  instances     = "arn:${local.partition}:ec2:${local.region}:${local.account_id}:instance/*"
  ec2_arn       = "arn:${local.partition}:ec2:${local.region}:${local.account_id}"
  table_arn     = "arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${var.name}"
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${var.name}"
  host_role     = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-host"
  sched_role    = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-scheduler"
  grant_secrets = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.grant_secret_prefix}*"
}

data "aws_iam_policy_document" "function" {
  statement {
    sid       = "Table"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
    resources = [local.table_arn]
  }
  statement {
    sid       = "GrantSecrets"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource", "secretsmanager:DeleteSecret"]
    resources = [local.grant_secrets]
  }
  dynamic "statement" {
    for_each = length(var.admin_secret_arns) > 0 ? [1] : []
    content {
      sid       = "AdminSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.admin_secret_arns
    }
  }
  statement {
    sid       = "LaunchTaggedHosts"
    actions   = ["ec2:RunInstances"]
    resources = [local.instances]
    condition {
      test     = "StringLike"
      variable = "aws:RequestTag/bastion:role"
      values   = ["warm", "per-request"]
    }
  }
  statement {
    sid     = "LaunchFrom"
    actions = ["ec2:RunInstances"]
    resources = concat(
      [for c in values(var.clusters) : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${c.subnet}"],
      [
        # The group and template by name prefix is not expressible in an
        # ARN; the instance statement above still requires the bastion tag.
        "${local.ec2_arn}:security-group/*",
        "${local.ec2_arn}:launch-template/*",
        "arn:${local.partition}:ec2:${local.region}::image/*",
        "arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*",
        "arn:${local.partition}:ec2:${local.region}:${local.account_id}:volume/*",
      ],
    )
  }
  statement {
    sid       = "TagAtLaunchOnly"
    actions   = ["ec2:CreateTags"]
    resources = [local.instances, "arn:${local.partition}:ec2:${local.region}:${local.account_id}:volume/*"]
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["RunInstances"]
    }
  }
  statement {
    sid       = "StartStopTerminateTaggedHosts"
    actions   = ["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"]
    resources = [local.instances]
    condition {
      test     = "StringLike"
      variable = "ec2:ResourceTag/bastion:role"
      values   = ["warm", "per-request"]
    }
  }
  statement {
    sid       = "DescribeHosts"
    actions   = ["ec2:DescribeInstances", "ssm:DescribeInstanceInformation"]
    resources = ["*"]
  }
  statement {
    sid       = "PassHostRole"
    actions   = ["iam:PassRole"]
    resources = [local.host_role]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }
  statement {
    sid       = "Timers"
    actions   = ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"]
    resources = ["arn:${local.partition}:scheduler:${local.region}:${local.account_id}:schedule/${var.name}/*"]
  }
  statement {
    sid       = "PassSchedulerRole"
    actions   = ["iam:PassRole"]
    resources = [local.sched_role]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["scheduler.amazonaws.com"]
    }
  }
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "${var.name}-function"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}

# Who may reach the hosts: attach this to the engineers' role (output
# session_policy_json). IAM is the first gate; the grant's temporary
# database user is the second.
data "aws_iam_policy_document" "session" {
  statement {
    sid       = "PortForwardToBastionHosts"
    actions   = ["ssm:StartSession"]
    resources = [local.instances]
    condition {
      test     = "StringLike"
      variable = "ssm:resourceTag/bastion:role"
      values   = ["warm", "per-request"]
    }
    condition {
      test     = "BoolIfExists"
      variable = "ssm:SessionDocumentAccessCheck"
      values   = ["true"]
    }
  }
  statement {
    sid       = "OnlyThePortForwardingDocument"
    actions   = ["ssm:StartSession"]
    resources = ["arn:${local.partition}:ssm:${local.region}::document/AWS-StartPortForwardingSessionToRemoteHost"]
  }
  statement {
    sid       = "OwnSessions"
    actions   = ["ssm:TerminateSession"]
    resources = ["arn:${local.partition}:ssm:${local.region}:${local.account_id}:session/$${aws:userid}-*"]
  }
}
