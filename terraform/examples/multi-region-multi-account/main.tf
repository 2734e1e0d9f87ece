# A fleet in three accounts and two regions. The hub account runs the night
# and holds the store and the site; every crawled account has a crawler role
# that the hub's task role assumes (aws.accounts of auroradoc.yaml).
#
# Unsharded, as here, one task crawls every region: its VPC must reach the
# other regions' clusters (inter-region peering or Transit Gateway, their
# CIDRs in database_cidr_blocks). For sharded nights (one task per region in
# that region's VPC, one finishing step; see modules/nightly/README.md)
# instantiate modules/nightly once per region with provider = that region's
# alias, its shards, and finish in one of them.

provider "aws" {
  alias  = "hub"
  region = var.hub_region
}

provider "aws" {
  alias  = "hub_us_east_1"
  region = "us-east-1"
}

provider "aws" {
  alias  = "payments"
  region = "eu-west-1"
  assume_role {
    role_arn = var.payments_admin_role_arn
  }
}

provider "aws" {
  alias  = "analytics"
  region = "us-east-1"
  assume_role {
    role_arn = var.analytics_admin_role_arn
  }
}

module "store_and_site" {
  source = "../../modules/store-and-site"
  providers = {
    aws           = aws.hub
    aws.us_east_1 = aws.hub_us_east_1
  }

  name                 = var.name
  snapshot_bucket_name = "${var.bucket_prefix}-snapshots"
  site_bucket_name     = "${var.bucket_prefix}-site"
  retention            = { daily = 14, weekly = 8, monthly = 12 }
}

module "nightly" {
  source    = "../../modules/nightly"
  providers = { aws = aws.hub }

  name                 = var.name
  image                = var.image
  vpc_id               = var.hub_vpc_id
  subnet_ids           = var.hub_private_subnet_ids
  database_cidr_blocks = var.database_cidr_blocks
  regions              = var.regions
  snapshot_bucket_arn  = module.store_and_site.snapshot_bucket_arn
  snapshot_prefix      = module.store_and_site.snapshot_prefix
  site_bucket_arn      = module.store_and_site.site_bucket_arn
  site_prefix          = module.store_and_site.site_prefix
  crawler_role_arns    = [module.crawler_payments.role_arn, module.crawler_analytics.role_arn]
  alarm_emails         = var.alarm_emails
}

# IAM roles are global: one crawler role per account covers all its regions.
module "crawler_payments" {
  source    = "../../modules/crawler-role"
  providers = { aws = aws.payments }

  trusted_role_arns = [module.nightly.task_role_arn]
  external_id       = var.external_id
  regions           = var.regions
}

module "crawler_analytics" {
  source    = "../../modules/crawler-role"
  providers = { aws = aws.analytics }

  trusted_role_arns = [module.nightly.task_role_arn]
  external_id       = var.external_id
  regions           = var.regions
  credentials       = "iam"
}

module "github" {
  source    = "../../modules/github-oidc"
  providers = { aws = aws.hub }

  name                = var.name
  repository          = var.repository
  snapshot_bucket_arn = module.store_and_site.snapshot_bucket_arn
  snapshot_prefix     = module.store_and_site.snapshot_prefix
  nightly = {
    cluster_arn                = module.nightly.cluster_arn
    task_definition_family_arn = module.nightly.task_definition_family_arn
    pass_role_arns             = [module.nightly.task_role_arn, module.nightly.execution_role_arn]
  }
}
