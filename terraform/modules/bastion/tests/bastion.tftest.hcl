# Offline: the real provider with fake keys plans without AWS; the caller
# identity, the image parameter and the ARNs AWS would assign are
# overridden so the policies can be asserted as they will be applied.
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
  values          = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/test", user_id = "AIDAEXAMPLE" }
}

override_data {
  target          = data.aws_ssm_parameter.host_ami
  override_during = plan
  values          = { value = "ami-0123456789abcdef0" }
}

override_resource {
  target          = aws_iam_role.host
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/bastion-host", id = "bastion-host" }
}

override_resource {
  target          = aws_iam_role.scheduler
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/bastion-scheduler", id = "bastion-scheduler" }
}

override_resource {
  target          = aws_iam_role.function
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/bastion-function", id = "bastion-function" }
}

override_resource {
  target          = aws_iam_instance_profile.host
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:instance-profile/bastion-host" }
}

override_resource {
  target          = aws_security_group.host
  override_during = plan
  values          = { id = "sg-0123456789abcdef0", arn = "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0123456789abcdef0" }
}

override_resource {
  target          = aws_launch_template.host
  override_during = plan
  values          = { id = "lt-0123456789abcdef0", arn = "arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-0123456789abcdef0" }
}

override_resource {
  target          = aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/bastion" }
}

override_resource {
  target          = aws_cloudwatch_log_group.this
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/bastion" }
}

override_resource {
  target          = aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:111122223333:function:bastion" }
}

override_resource {
  target          = aws_sns_topic.alarms
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:111122223333:bastion-alarms" }
}

variables {
  lambda_zip = "tests/fixture.zip"
  vpc_id     = "vpc-0123"
  clusters = {
    orders = { subnet = "subnet-0aaa", endpoint = "orders.cluster-abc.eu-west-1.rds.amazonaws.com" }
  }
  admin_secret_arns = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:bastion/admin/orders-AbCdEf"]
}

run "plan" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.architectures[0] == "arm64"
    error_message = "the function must be provided.al2023 on arm64"
  }
  assert {
    condition     = aws_launch_template.host.metadata_options[0].http_tokens == "required"
    error_message = "hosts must require IMDSv2"
  }
  assert {
    condition     = length(aws_launch_template.host.key_name == null ? [] : [1]) == 0
    error_message = "hosts must have no key pair"
  }
  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.ttl[0].enabled
    error_message = "the table needs PITR and TTL"
  }
  assert {
    condition     = length(aws_security_group.host.ingress) == 0
    error_message = "the hosts' security group must have no ingress"
  }
  assert {
    condition     = strcontains(data.aws_iam_policy_document.function.json, "secret:bastion/grants/*")
    error_message = "grant secrets must be scoped to the bastion/ prefix"
  }
  assert {
    condition     = strcontains(data.aws_iam_policy_document.function.json, "ec2:ResourceTag/bastion:role")
    error_message = "start/stop/terminate must be scoped by tag"
  }
  assert {
    condition     = strcontains(data.aws_iam_policy_document.session.json, "document/AWS-StartPortForwardingSessionToRemoteHost")
    error_message = "sessions must be limited to the port-forwarding document"
  }
  assert {
    condition     = aws_scheduler_schedule.sweep.schedule_expression == "rate(5 minutes)"
    error_message = "the periodic sweep runs every 5 minutes by default"
  }
  assert {
    condition     = jsondecode(aws_lambda_function.this.environment[0].variables.BASTION_HOSTS).clusters.orders.security_group == "sg-0123456789abcdef0"
    error_message = "the hosts configuration must carry the no-ingress security group"
  }
}

run "bad_prefix" {
  command = plan
  variables {
    grant_secret_prefix = "grants/"
  }
  expect_failures = [var.grant_secret_prefix]
}
