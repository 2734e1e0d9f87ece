# The bastion hosts: no inbound rule, no key pair, IMDSv2 only, SSM agent
# with the managed-instance policy only.

data "aws_ssm_parameter" "host_ami" {
  name = var.host_ami_ssm_parameter
}

resource "aws_security_group" "host" {
  name        = "${var.name}-host"
  description = "bastion hosts: no ingress; egress to the clusters and the SSM endpoints"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.host.id
  description       = "SSM endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "mysql" {
  security_group_id = aws_security_group.host.id
  description       = "the clusters"
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_launch_template" "host" {
  name_prefix   = "${var.name}-host-"
  image_id      = data.aws_ssm_parameter.host_ami.value
  instance_type = var.host_instance_type

  metadata_options {
    http_tokens                 = "required"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 1
  }
  iam_instance_profile {
    arn = aws_iam_instance_profile.host.arn
  }
  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { "bastion:role" = "host-volume" })
  }
  tags = var.tags
}

data "aws_iam_policy_document" "host_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "host" {
  name               = "${var.name}-host"
  assume_role_policy = data.aws_iam_policy_document.host_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "host_ssm" {
  role       = aws_iam_role.host.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "host" {
  name = "${var.name}-host"
  role = aws_iam_role.host.name
  tags = var.tags
}
