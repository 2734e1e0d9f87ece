# Offline: the real provider with fake keys plans without AWS; data sources
# that would call AWS are overridden.
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

provider "aws" {
  alias                       = "us_east_1"
  region                      = "us-east-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

override_data {
  target          = data.aws_cloudfront_cache_policy.optimized
  override_during = plan
  values          = { id = "658327ea-f89d-4fab-a63d-7e88639e58f6" }
}

override_resource {
  target          = aws_cloudfront_distribution.site
  override_during = plan
  values = {
    arn         = "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"
    id          = "EDFDVBD6EXAMPLE"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

override_resource {
  target          = aws_cloudfront_origin_access_control.site
  override_during = plan
  values          = { id = "E2QWRUHEXAMPLE" }
}

override_resource {
  target          = aws_cloudfront_response_headers_policy.site
  override_during = plan
  values          = { id = "67f7725c-6f97-4210-82d7-5512b31e9d03" }
}

override_resource {
  target          = aws_wafv2_ip_set.site
  override_during = plan
  values          = { arn = "arn:aws:wafv2:us-east-1:111122223333:global/ipset/auroradoc-test-site-allow/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111" }
}

override_resource {
  target          = aws_wafv2_web_acl.site
  override_during = plan
  values          = { arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/auroradoc-test-site/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222" }
}

variables {
  name                 = "auroradoc-test"
  snapshot_bucket_name = "dbre-auroradoc-snapshots"
  site_bucket_name     = "dbre-auroradoc-site"
  retention            = { daily = 14, weekly = 8, monthly = 12 }
}

run "buckets_are_private_versioned_encrypted" {
  command = plan

  assert {
    condition = alltrue([for k in ["snapshots", "site"] : alltrue([
      aws_s3_bucket_public_access_block.this[k].block_public_acls,
      aws_s3_bucket_public_access_block.this[k].block_public_policy,
      aws_s3_bucket_public_access_block.this[k].ignore_public_acls,
      aws_s3_bucket_public_access_block.this[k].restrict_public_buckets,
    ])])
    error_message = "both buckets must block every kind of public access"
  }

  assert {
    condition     = alltrue([for k in ["snapshots", "site"] : aws_s3_bucket_ownership_controls.this[k].rule[0].object_ownership == "BucketOwnerEnforced"])
    error_message = "ACLs must be disabled (BucketOwnerEnforced)"
  }

  assert {
    condition     = alltrue([for k in ["snapshots", "site"] : aws_s3_bucket_versioning.this[k].versioning_configuration[0].status == "Enabled"])
    error_message = "both buckets must be versioned"
  }

  assert {
    condition     = alltrue([for k in ["snapshots", "site"] : one(one(aws_s3_bucket_server_side_encryption_configuration.this[k].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"])
    error_message = "default encryption must be on (SSE-S3 without a KMS key)"
  }
}

run "bucket_policies_are_tls_only" {
  command = plan

  assert {
    condition = alltrue([for doc in [data.aws_iam_policy_document.snapshots.json, aws_s3_bucket_policy.site.policy] : anytrue([
      for s in jsondecode(doc).Statement : s.Effect == "Deny" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && s.Principal == "*"
    ])])
    error_message = "each bucket policy must deny every request not made over TLS"
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.snapshots.policy) == jsondecode(data.aws_iam_policy_document.snapshots.json)
    error_message = "the snapshot bucket policy must be the TLS-only document"
  }

  assert {
    condition     = length([for s in jsondecode(data.aws_iam_policy_document.snapshots.json).Statement : s if s.Effect == "Allow"]) == 0
    error_message = "the snapshot bucket policy must allow nothing (access comes from IAM roles)"
  }
}

run "site_is_served_only_through_cloudfront_oac" {
  command = plan

  assert {
    condition     = one(aws_cloudfront_distribution.site.origin).origin_access_control_id == "E2QWRUHEXAMPLE"
    error_message = "the site origin must use the Origin Access Control"
  }

  assert {
    condition     = one(aws_cloudfront_distribution.site.origin).origin_path == "/docs"
    error_message = "CloudFront must serve the site prefix as the root"
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.site.signing_behavior == "always" && aws_cloudfront_origin_access_control.site.origin_access_control_origin_type == "s3"
    error_message = "the OAC must sign every request to S3"
  }

  assert {
    condition = [for s in jsondecode(aws_s3_bucket_policy.site.policy).Statement : {
      action = s.Action, resource = s.Resource, principal = s.Principal, source = try(s.Condition.StringEquals["AWS:SourceArn"], null)
      } if s.Effect == "Allow"] == [{
      action    = "s3:GetObject"
      resource  = "arn:aws:s3:::dbre-auroradoc-site/docs/*"
      principal = { Service = "cloudfront.amazonaws.com" }
      source    = "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"
    }]
    error_message = "only this distribution may read the site, and only the site prefix"
  }

  assert {
    condition     = one(aws_cloudfront_distribution.site.default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "viewers must be redirected to HTTPS"
  }

  assert {
    condition     = length(aws_wafv2_web_acl.site) == 0 && aws_cloudfront_distribution.site.web_acl_id == null
    error_message = "no WAF without allowed_cidrs"
  }
}

run "response_headers" {
  command = plan

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.site.security_headers_config).content_security_policy).content_security_policy == "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    error_message = "the CSP header must be the pages' CSP plus frame-ancestors"
  }

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.site.security_headers_config).strict_transport_security).access_control_max_age_sec >= 31536000
    error_message = "HSTS must be at least a year"
  }

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.site.security_headers_config).content_type_options).override
    error_message = "X-Content-Type-Options: nosniff must be set"
  }

  assert {
    condition     = one(aws_cloudfront_distribution.site.default_cache_behavior).response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03"
    error_message = "the distribution must use the response-headers policy"
  }
}

run "lifecycle_without_backstop" {
  command = plan

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this["snapshots"].rule : r.id] == ["noncurrent-versions", "expired-delete-markers"]
    error_message = "without expire_leftovers only noncurrent versions and delete markers expire"
  }
}

run "lifecycle_backstop_matches_retention" {
  command = plan

  variables {
    expire_leftovers = true
  }

  assert {
    # max(14, 7*8, 31*12) + 31 days
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this["snapshots"].rule : one(r.expiration).days if r.id == "retention-backstop"] == [403]
    error_message = "the backstop must expire objects 31 days after the retention horizon"
  }

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this["snapshots"].rule : one(r.filter).prefix if r.id == "retention-backstop"] == ["snapshots/"]
    error_message = "the backstop must only touch the snapshot prefix"
  }

  assert {
    condition     = length([for r in aws_s3_bucket_lifecycle_configuration.this["site"].rule : r if r.id == "retention-backstop"]) == 0
    error_message = "the site bucket gets no retention backstop"
  }
}

run "waf_allow_list" {
  command = plan

  variables {
    allowed_cidrs = ["203.0.113.0/24"]
  }

  assert {
    condition     = length(one(aws_wafv2_web_acl.site[0].default_action).block) == 1 && aws_wafv2_ip_set.site[0].addresses == toset(["203.0.113.0/24"]) && aws_cloudfront_distribution.site.web_acl_id == aws_wafv2_web_acl.site[0].arn
    error_message = "the web ACL must block by default and allow the listed addresses"
  }

  assert {
    condition     = aws_wafv2_web_acl.site[0].scope == "CLOUDFRONT"
    error_message = "a CloudFront web ACL must have CLOUDFRONT scope"
  }
}

run "custom_domain" {
  command = plan

  variables {
    domain_name         = "docs.dbre.example.com"
    acm_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012"
  }

  assert {
    condition     = aws_cloudfront_distribution.site.aliases == toset(["docs.dbre.example.com"]) && one(aws_cloudfront_distribution.site.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021"
    error_message = "a custom domain needs the alias and a modern TLS policy"
  }
}

run "domain_without_certificate_is_refused" {
  command = plan

  variables {
    domain_name = "docs.dbre.example.com"
  }

  expect_failures = [aws_cloudfront_distribution.site]
}

run "bad_bucket_name_is_refused" {
  command = plan

  variables {
    snapshot_bucket_name = "Not_A_Bucket"
  }

  expect_failures = [var.snapshot_bucket_name]
}
