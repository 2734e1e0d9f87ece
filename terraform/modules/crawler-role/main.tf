# The cross-account read role: created in every crawled account, assumed by
# the nightly task role of the account that runs the night.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.trusted_role_arns
    }
    dynamic "condition" {
      for_each = var.external_id == null ? [] : [1]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [var.external_id]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "auroradoc crawler: read-only discovery and crawl logins, assumed across accounts"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

module "crawl_policy" {
  source = "../crawl-policy"

  account_id           = data.aws_caller_identity.current.account_id
  partition            = data.aws_partition.current.partition
  regions              = var.regions
  credentials          = var.credentials
  secret_name_prefix   = var.secret_name_prefix
  secrets_kms_key_arns = var.secrets_kms_key_arns
  db_user              = var.db_user
}

resource "aws_iam_role_policy" "crawl" {
  name   = "auroradoc-crawl"
  role   = aws_iam_role.this.id
  policy = module.crawl_policy.json
}
