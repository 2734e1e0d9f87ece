data "aws_partition" "current" {}

locals {
  snapshot_bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.snapshot_bucket_name}"
  site_bucket_arn     = "arn:${data.aws_partition.current.partition}:s3:::${var.site_bucket_name}"

  # The pages carry this CSP as a <meta> (templates/html/layout.html); the
  # header repeats it and adds what a <meta> cannot say (frame-ancestors).
  content_security_policy = "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

  retention_days = max(var.retention.daily, 7 * var.retention.weekly, 31 * var.retention.monthly)
  expire_after   = var.expire_leftovers && local.retention_days > 0 ? local.retention_days + 31 : null

  buckets = {
    snapshots = { name = var.snapshot_bucket_name, arn = local.snapshot_bucket_arn }
    site      = { name = var.site_bucket_name, arn = local.site_bucket_arn }
  }
}

# --- buckets ------------------------------------------------------------------

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = each.value.name
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { "auroradoc:bucket" = each.key })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    id     = "noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "expired-delete-markers"
    status = "Enabled"
    filter {}
    expiration {
      expired_object_delete_marker = true
    }
  }

  dynamic "rule" {
    for_each = each.key == "snapshots" && local.expire_after != null ? [local.expire_after] : []
    content {
      id     = "retention-backstop"
      status = "Enabled"
      filter {
        prefix = "${var.snapshot_prefix}/"
      }
      expiration {
        days = rule.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "snapshots" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.snapshot_bucket_arn, "${local.snapshot_bucket_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

# jsonencode, not a policy document data source: a data source that reads the
# distribution's ARN is deferred to apply, so a plan could not show it.
locals {
  site_bucket_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Action    = "s3:*"
        Principal = "*"
        Resource  = [local.site_bucket_arn, "${local.site_bucket_arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "CloudFrontReadsSite"
        Effect    = "Allow"
        Action    = "s3:GetObject"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Resource  = "${local.site_bucket_arn}/${var.site_prefix}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.site.arn } }
      },
    ]
  })
}

resource "aws_s3_bucket_policy" "snapshots" {
  bucket = aws_s3_bucket.this["snapshots"].id
  policy = data.aws_iam_policy_document.snapshots.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.this["site"].id
  policy = local.site_bucket_policy

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# --- CloudFront -----------------------------------------------------------------

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${var.name}-site"
  description                       = "auroradoc site bucket ${var.site_bucket_name}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "site" {
  name    = "${var.name}-site"
  comment = "auroradoc: CSP as the pages expect, HSTS, nosniff"

  security_headers_config {
    content_security_policy {
      content_security_policy = local.content_security_policy
      override                = true
    }
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = false
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "no-referrer"
      override        = true
    }
  }
}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  comment             = "auroradoc site (${var.name})"
  default_root_object = "index.html"
  price_class         = var.price_class
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  aliases             = var.domain_name == null ? [] : [var.domain_name]
  web_acl_id          = length(var.allowed_cidrs) > 0 ? aws_wafv2_web_acl.site[0].arn : null

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.this["site"].bucket_regional_domain_name
    origin_path              = "/${var.site_prefix}"
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.site.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.domain_name == null
    acm_certificate_arn            = var.domain_name == null ? null : var.acm_certificate_arn
    ssl_support_method             = var.domain_name == null ? null : "sni-only"
    minimum_protocol_version       = var.domain_name == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = (var.domain_name == null) == (var.acm_certificate_arn == null)
      error_message = "domain_name and acm_certificate_arn go together: set both or neither."
    }
  }
}

# --- optional WAF IP allow-list (CloudFront scope lives in us-east-1) ---------

resource "aws_wafv2_ip_set" "site" {
  count    = length(var.allowed_cidrs) > 0 ? 1 : 0
  provider = aws.us_east_1

  name               = "${var.name}-site-allow"
  scope              = "CLOUDFRONT"
  ip_address_version = "IPV4"
  addresses          = var.allowed_cidrs
  tags               = var.tags
}

resource "aws_wafv2_web_acl" "site" {
  count    = length(var.allowed_cidrs) > 0 ? 1 : 0
  provider = aws.us_east_1

  name  = "${var.name}-site"
  scope = "CLOUDFRONT"

  default_action {
    block {}
  }

  rule {
    name     = "allow-listed-addresses"
    priority = 0
    action {
      allow {}
    }
    statement {
      ip_set_reference_statement {
        arn = aws_wafv2_ip_set.site[0].arn
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-site-allow"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-site"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}
