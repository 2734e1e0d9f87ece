# A revocation that fails (the function logs "bastion revocation failed",
# bastion/lambdahandler.RevocationFailed) alarms to SNS.

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

data "aws_iam_policy_document" "alarms_topic" {
  statement {
    sid       = "CloudWatchPublishesAlarms"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms_topic.json
}

resource "aws_cloudwatch_log_metric_filter" "revocation_failed" {
  name           = "${var.name}-revocation-failed"
  log_group_name = aws_cloudwatch_log_group.this.name
  pattern        = "{ $.msg = \"bastion revocation failed\" }"

  metric_transformation {
    name      = "RevocationFailed"
    namespace = "auroradoc/bastion"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "revocation_failed" {
  alarm_name          = "${var.name}-revocation-failed"
  alarm_description   = "A bastion sweep left a grant revoking (database user, secret or host not cleaned up); the next sweep retries. See docs/access.md."
  namespace           = "auroradoc/bastion"
  metric_name         = "RevocationFailed"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
