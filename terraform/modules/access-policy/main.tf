# The just-in-time access engine's permissions (bastion; docs/access.md),
# from terraform/iam-actions.json: its DynamoDB table, the one-time secrets
# of its grants, and the admin logins it reads. Creates nothing; outputs
# JSON for the engine's role (issue 12 deploys it).

locals {
  arn         = "arn:${var.partition}"
  table_arn   = "${local.arn}:dynamodb:${var.region}:${var.account_id}:table/${var.table_name}"
  grant_arns  = "${local.arn}:secretsmanager:${var.region}:${var.account_id}:secret:${var.grant_secret_prefix}*"
  admin_count = length(var.admin_secret_arns)
}

data "aws_iam_policy_document" "access" {
  statement {
    sid    = "StateAndAudit"
    effect = "Allow"
    actions = [
      "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
      "dynamodb:Query", "dynamodb:Scan",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "GrantSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource", "secretsmanager:DeleteSecret"]
    resources = [local.grant_arns]
  }

  dynamic "statement" {
    for_each = local.admin_count > 0 ? [1] : []
    content {
      sid       = "AdminLogins"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.admin_secret_arns
    }
  }

  dynamic "statement" {
    for_each = var.allow_create_table ? [1] : []
    content {
      sid       = "FirstSetup"
      effect    = "Allow"
      actions   = ["dynamodb:CreateTable", "dynamodb:UpdateTimeToLive"]
      resources = [local.table_arn]
    }
  }
}
