# One account, one region: the store and the site, the nightly task in the
# clusters' VPC, and the GitHub Actions roles.

provider "aws" {
  region = var.region
}

# CloudFront's WAF and certificates live in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "store_and_site" {
  source = "../../modules/store-and-site"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                 = var.name
  snapshot_bucket_name = "${var.bucket_prefix}-snapshots"
  site_bucket_name     = "${var.bucket_prefix}-site"
  retention            = { daily = 14, weekly = 8, monthly = 12 }
  allowed_cidrs        = var.office_cidrs
}

module "nightly" {
  source = "../../modules/nightly"

  name                 = var.name
  image                = var.image
  vpc_id               = var.vpc_id
  subnet_ids           = var.private_subnet_ids
  database_cidr_blocks = var.database_cidr_blocks
  regions              = [var.region]
  snapshot_bucket_arn  = module.store_and_site.snapshot_bucket_arn
  snapshot_prefix      = module.store_and_site.snapshot_prefix
  site_bucket_arn      = module.store_and_site.site_bucket_arn
  site_prefix          = module.store_and_site.site_prefix
  alarm_emails         = var.alarm_emails
}

module "github" {
  source = "../../modules/github-oidc"

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
