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
  name                 = "auroradoc"
  repository           = "dbre/auroradoc-fleet"
  create_oidc_provider = false
  oidc_provider_arn    = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
  snapshot_bucket_arn  = "arn:aws:s3:::dbre-auroradoc-snapshots"
  nightly = {
    cluster_arn                = "arn:aws:ecs:eu-west-1:111122223333:cluster/auroradoc-prod"
    task_definition_family_arn = "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-prod"
    pass_role_arns             = ["arn:aws:iam::111122223333:role/auroradoc-prod-task", "arn:aws:iam::111122223333:role/auroradoc-prod-execution"]
  }
}

run "drift_gate_reads_the_store_only" {
  command = plan

  assert {
    condition     = sort(flatten([for s in jsondecode(aws_iam_role_policy.drift_gate.policy).Statement : s.Action])) == tolist(["s3:GetObject", "s3:ListBucket"])
    error_message = "the drift gate only reads"
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.drift_gate.policy).Statement : s.Resource if s.Action == "s3:GetObject"] == ["arn:aws:s3:::dbre-auroradoc-snapshots/snapshots/*"]
    error_message = "the drift gate reads the snapshot prefix only"
  }

  assert {
    condition     = jsondecode(aws_iam_role.drift_gate.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:dbre/auroradoc-fleet:pull_request"
    error_message = "only pull-request workflows of the repository may assume the drift-gate role"
  }

  assert {
    condition     = jsondecode(aws_iam_role.drift_gate.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "the audience must be STS"
  }
}

run "review_may_invoke_only_the_given_model" {
  command = plan

  variables {
    review_model_arns = ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"]
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.drift_gate.policy).Statement : s.Resource if s.Action == "bedrock:InvokeModel"] == ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"]
    error_message = "the review comment may invoke exactly the configured model"
  }
}

run "nightly_trigger_runs_exactly_the_task" {
  command = plan

  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.nightly_trigger[0].policy).Statement : s.Action => s.Resource } == {
      "ecs:RunTask"       = "arn:aws:ecs:eu-west-1:111122223333:task-definition/auroradoc-prod:*"
      "ecs:DescribeTasks" = "arn:aws:ecs:eu-west-1:111122223333:task/auroradoc-prod/*"
      "iam:PassRole"      = ["arn:aws:iam::111122223333:role/auroradoc-prod-task", "arn:aws:iam::111122223333:role/auroradoc-prod-execution"]
    }
    error_message = "the trigger role may run the night's task, watch it, and pass its roles, nothing else"
  }

  assert {
    condition     = jsondecode(aws_iam_role.nightly_trigger[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:dbre/auroradoc-fleet:ref:refs/heads/main"
    error_message = "only the default branch may start the night"
  }
}

run "no_trigger_without_nightly" {
  command = plan

  variables {
    nightly = null
  }

  assert {
    condition     = length(aws_iam_role.nightly_trigger) == 0
    error_message = "no trigger role without the nightly module"
  }
}

run "creates_the_provider" {
  command = plan

  variables {
    create_oidc_provider = true
    oidc_provider_arn    = null
  }

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "the GitHub OIDC provider must be created for the STS audience"
  }
}
