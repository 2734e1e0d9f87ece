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
  region     = "eu-west-1"
  table_name = "auroradoc-access"
}

run "table_and_grant_secrets_only" {
  command = plan

  assert {
    condition = sort(flatten([for s in jsondecode(output.json).Statement : s.Action])) == sort([
      "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
      "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource",
    ])
    error_message = "the engine reads and writes its table and its grants' secrets, nothing else (no table creation, no reading other secrets)"
  }

  assert {
    condition     = alltrue(flatten([for s in jsondecode(output.json).Statement : [for r in flatten([s.Resource]) : r != "*" && strcontains(r, ":eu-west-1:111122223333:")]]))
    error_message = "every resource is scoped to the account and region"
  }

  assert {
    condition     = [for s in jsondecode(output.json).Statement : s.Resource if s.Sid == "GrantSecrets"] == ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:auroradoc/access/*"]
    error_message = "the engine may touch only the secrets under its grant prefix"
  }
}

run "admin_logins_and_first_setup" {
  command = plan

  variables {
    admin_secret_arns  = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:auroradoc/admin/orders-AbCdEf"]
    allow_create_table = true
  }

  assert {
    condition     = [for s in jsondecode(output.json).Statement : s.Resource if s.Sid == "AdminLogins"] == ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:auroradoc/admin/orders-AbCdEf"]
    error_message = "admin logins are read from the listed secrets only"
  }

  assert {
    condition     = sort(flatten([for s in jsondecode(output.json).Statement : s.Action if s.Sid == "FirstSetup"])) == sort(["dynamodb:CreateTable", "dynamodb:UpdateTimeToLive"])
    error_message = "first setup may create the table and its TTL"
  }
}

run "wildcard_admin_secret_is_refused" {
  command = plan

  variables {
    admin_secret_arns = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:*"]
  }

  expect_failures = [var.admin_secret_arns]
}

run "discovery" {
  command = plan

  variables {
    discovery_regions        = ["eu-west-1", "us-east-1"]
    discovery_role_arns      = ["arn:aws:iam::444455556666:role/bastion-discovery"]
    admin_secret_name_prefix = "bastion/admin/"
  }

  assert {
    condition = sort(flatten([for s in jsondecode(output.json).Statement : s.Resource if s.Sid == "DiscoverClusters"])) == sort([
      "arn:aws:rds:eu-west-1:111122223333:cluster:*", "arn:aws:rds:us-east-1:111122223333:cluster:*",
    ])
    error_message = "clusters are described in the discovery regions only"
  }

  assert {
    condition = sort(flatten([for s in jsondecode(output.json).Statement : s.Resource if s.Sid == "DiscoveredAdminLogins"])) == sort([
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bastion/admin/*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:bastion/admin/*",
    ])
    error_message = "discovered clusters' admin logins are read under the prefix only"
  }

  assert {
    condition     = [for s in jsondecode(output.json).Statement : s.Resource if s.Sid == "DiscoverInAccounts"] == ["arn:aws:iam::444455556666:role/bastion-discovery"]
    error_message = "only the listed roles are assumed"
  }

  assert {
    condition     = length([for s in jsondecode(output.json).Statement : s if s.Sid == "DiscoverRegions"]) == 0
    error_message = "ec2:DescribeRegions only with discovery_all_regions"
  }
}

run "wildcard_discovery_role_is_refused" {
  command = plan

  variables {
    discovery_role_arns = ["arn:aws:iam::444455556666:role/*"]
  }

  expect_failures = [var.discovery_role_arns]
}
