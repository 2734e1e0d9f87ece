# GitHub Actions through OIDC, without long-lived keys: a read-only role for
# the drift gate (pull requests) and a role that starts the in-VPC nightly
# task (default branch), so no self-hosted runner is needed.

locals {
  provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn
  store        = "${var.snapshot_bucket_arn}/${var.snapshot_prefix}/*"
  task_arns    = var.nightly == null ? null : "${replace(var.nightly.cluster_arn, ":cluster/", ":task/")}/*"
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  tags           = var.tags
}

data "aws_iam_policy_document" "trust_drift_gate" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.repository}:pull_request"]
    }
  }
}

resource "aws_iam_role" "drift_gate" {
  name                 = "${var.name}-drift-gate"
  description          = "GitHub Actions drift gate of ${var.repository}: reads the snapshot store"
  assume_role_policy   = data.aws_iam_policy_document.trust_drift_gate.json
  max_session_duration = 3600
  tags                 = var.tags

  lifecycle {
    precondition {
      condition     = var.create_oidc_provider || var.oidc_provider_arn != null
      error_message = "pass oidc_provider_arn when create_oidc_provider is false."
    }
  }
}

data "aws_iam_policy_document" "drift_gate" {
  statement {
    sid       = "ReadSnapshots"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = [local.store]
  }

  statement {
    sid       = "ListSnapshots"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.snapshot_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.snapshot_prefix, "${var.snapshot_prefix}/*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.review_model_arns) > 0 ? [1] : []
    content {
      sid       = "ReviewComment"
      effect    = "Allow"
      actions   = ["bedrock:InvokeModel"]
      resources = var.review_model_arns
    }
  }
}

resource "aws_iam_role_policy" "drift_gate" {
  name   = "read-store"
  role   = aws_iam_role.drift_gate.id
  policy = data.aws_iam_policy_document.drift_gate.json
}

# --- nightly trigger ------------------------------------------------------------

data "aws_iam_policy_document" "trust_nightly" {
  count = var.nightly == null ? 0 : 1

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.repository}:ref:${var.nightly_ref}"]
    }
  }
}

resource "aws_iam_role" "nightly_trigger" {
  count = var.nightly == null ? 0 : 1

  name                 = "${var.name}-nightly-trigger"
  description          = "GitHub Actions nightly of ${var.repository}: starts and watches the in-VPC auroradoc task"
  assume_role_policy   = data.aws_iam_policy_document.trust_nightly[0].json
  max_session_duration = 7200
  tags                 = var.tags
}

data "aws_iam_policy_document" "nightly_trigger" {
  count = var.nightly == null ? 0 : 1

  statement {
    sid       = "RunNightTask"
    effect    = "Allow"
    actions   = ["ecs:RunTask"]
    resources = ["${var.nightly.task_definition_family_arn}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [var.nightly.cluster_arn]
    }
  }

  statement {
    sid       = "WatchNightTask"
    effect    = "Allow"
    actions   = ["ecs:DescribeTasks"]
    resources = [local.task_arns]
  }

  statement {
    sid       = "PassTaskRoles"
    effect    = "Allow"
    actions   = ["iam:PassRole"]
    resources = var.nightly.pass_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "nightly_trigger" {
  count = var.nightly == null ? 0 : 1

  name   = "run-night"
  role   = aws_iam_role.nightly_trigger[0].id
  policy = data.aws_iam_policy_document.nightly_trigger[0].json
}
