# aws_iam_policy_document is computed by the provider itself: no AWS call.
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  account_id = "111122223333"
}

run "read_only_and_scoped" {
  command = plan

  variables {
    regions = ["eu-west-1"]
  }

  assert {
    condition = sort(flatten([for s in jsondecode(output.json).Statement : s.Action])) == sort([
      "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBClusterParameters", "rds:DescribeDBParameters", "secretsmanager:GetSecretValue",
    ])
    error_message = "the crawl reads clusters, instances, parameter groups and its login secrets, nothing else"
  }

  assert {
    condition     = alltrue(flatten([for s in jsondecode(output.json).Statement : [for r in flatten([s.Resource]) : startswith(r, "arn:aws:") && strcontains(r, ":eu-west-1:111122223333:")]]))
    error_message = "every resource must be scoped to the account and region"
  }
}

run "all_regions_adds_describe_regions_only_on_star" {
  command = plan

  variables {
    regions     = ["*"]
    credentials = "iam"
  }

  assert {
    condition     = [for s in jsondecode(output.json).Statement : s.Action if s.Resource == "*"] == ["ec2:DescribeRegions"]
    error_message = "only ec2:DescribeRegions (no resource-level permissions) may use Resource *"
  }

  assert {
    condition     = [for s in jsondecode(output.json).Statement : s.Resource if s.Action == "rds-db:connect"] == ["arn:aws:rds-db:*:111122223333:dbuser:*/auroradoc"]
    error_message = "IAM auth connects only as the crawl user"
  }
}

run "bad_account_is_refused" {
  command = plan

  variables {
    account_id = "1234"
  }

  expect_failures = [var.account_id]
}
