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
  values          = { account_id = "444455556666", arn = "arn:aws:iam::444455556666:user/test", user_id = "AIDAEXAMPLE" }
}

variables {
  trusted_role_arns = ["arn:aws:iam::111122223333:role/auroradoc-prod-task"]
  regions           = ["eu-west-1", "eu-central-1"]
}

run "trusts_only_the_nightly_task_role" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal == { AWS = "arn:aws:iam::111122223333:role/auroradoc-prod-task" }
    error_message = "only the nightly task role may assume the crawler role"
  }

  assert {
    condition     = !can(jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition)
    error_message = "no external id condition without external_id"
  }

  assert {
    condition     = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.crawl.policy).Statement : [for r in flatten([s.Resource]) : strcontains(r, ":444455556666:")]]))
    error_message = "the crawl policy is scoped to the crawled account"
  }

  assert {
    condition     = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.crawl.policy).Statement : [for a in flatten([s.Action]) : !strcontains(a, "*") && can(regex("^(rds|ec2|secretsmanager|rds-db|kms):(Describe|Get|connect|Decrypt)", a))]]))
    error_message = "the crawler role only reads"
  }
}

run "external_id" {
  command = plan

  variables {
    external_id = "dbre-2026-fleet"
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["sts:ExternalId"] == "dbre-2026-fleet"
    error_message = "the trust must require the external id"
  }
}

run "account_root_is_refused" {
  command = plan

  variables {
    trusted_role_arns = ["arn:aws:iam::111122223333:root"]
  }

  expect_failures = [var.trusted_role_arns]
}
