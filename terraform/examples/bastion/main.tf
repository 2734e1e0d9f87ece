# The just-in-time access engine in one region with a warm bastion host
# for the clusters' VPC, and a role engineers assume to port-forward.

provider "aws" {
  region = var.region
}

module "bastion" {
  source = "../../modules/bastion"

  lambda_zip = var.lambda_zip
  mode       = "warm"
  vpc_id     = var.vpc_id
  clusters = {
    orders = { subnet = var.private_subnet, endpoint = var.orders_endpoint }
  }
  admin_secret_arns = var.admin_secret_arns
  alarm_emails      = var.alarm_emails
}

resource "aws_iam_policy" "sessions" {
  name   = "bastion-sessions"
  policy = module.bastion.session_policy_json
}
