# A whole platform: the control plane, one shield PoP and three edge PoPs in four regions, and global routing
# (a Global Accelerator plus Route 53 latency records) across the edges, on 80 and 443 (tenants' certificates are
# served by the nodes). Edges forward misses to the shield over fleet TLS; the shield admits the edges' egress
# addresses only. Every node dials the control plane with its PoP's own edge credential, minted after the apply
# (scripts/mint-pop-tokens.sh).

module "control_plane" {
  source = "../../modules/control-plane"

  name                = var.name
  api_domain          = "api.${var.domain}"
  portal_domain       = "portal.${var.domain}"
  route53_zone_id     = var.route53_zone_id
  api_image           = var.api_image
  portal_image        = var.portal_image
  db_multi_az         = var.db_multi_az
  deletion_protection = var.deletion_protection
  tags                = var.tags

  certs_encryption_key_secret_arn = var.certs_encryption_key_secret_arn
  acme_directory_url              = var.acme_directory_url

  # The shield PoP's region takes every edge PoP's misses (docs/routing.md, "Topology").
  shield_topology = [{
    name    = module.shield.region
    shields = [{ name = module.shield.pop, url = module.shield.url }]
    pops    = [for p in var.edge_pops : p.name]
  }]
}

locals {
  pop_common = {
    name              = var.name
    control_plane_url = module.control_plane.api_url
    image             = var.edge_image
    instance_type     = var.edge_instance_type
  }
  pop_regions = distinct(concat([var.shield.region], [for p in var.edge_pops : p.region]))
  # The edge image's repository (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG), when it is in ECR.
  edge_repository = try(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/([^:@]+)", var.edge_image)[0], null)
  pull_own_region = local.edge_repository != null && var.replicate_edge_image
}

# Boot dependencies stay in each PoP's region: ECR copies the edge image into every PoP region's registry, and nodes
# pull it from their own (pull_image_from_own_region); their secrets are their own PoP's, created in its region.
# The replication rule is the registry's one configuration in the control plane's region (where images are pushed):
# with replicate_edge_image = false, manage it yourself.
data "aws_caller_identity" "current" {}

resource "aws_ecr_replication_configuration" "edge_image" {
  count = local.pull_own_region ? 1 : 0

  replication_configuration {
    rule {
      dynamic "destination" {
        for_each = [for r in local.pop_regions : r if r != var.control_plane_region]
        content {
          region      = destination.value
          registry_id = data.aws_caller_identity.current.account_id
        }
      }
      repository_filter {
        filter      = local.edge_repository
        filter_type = "PREFIX_MATCH"
      }
    }
  }
}

module "shield" {
  source    = "../../modules/edge-pop"
  providers = { aws = aws.shield }

  pop      = var.shield.name
  role     = "shield"
  min_size = var.shield_min_nodes
  max_size = max(var.shield_min_nodes, 4)
  vpc_cidr = "10.60.0.0/20"
  # Only the edge PoPs' egress addresses reach the shield (over fleet TLS on 443).
  edge_egress_cidrs = merge(module.edge_0.egress_cidrs, module.edge_1.egress_cidrs, module.edge_2.egress_cidrs)

  name                       = local.pop_common.name
  pull_image_from_own_region = local.pull_own_region
  control_plane_url          = local.pop_common.control_plane_url
  image                      = local.pop_common.image
  instance_type              = local.pop_common.instance_type
  tags                       = var.tags
}

module "edge_0" {
  source    = "../../modules/edge-pop"
  providers = { aws = aws.edge0 }

  pop        = var.edge_pops[0].name
  role       = "edge"
  shield_url = module.shield.url
  min_size   = var.edge_min_nodes
  max_size   = var.edge_max_nodes
  vpc_cidr   = "10.61.0.0/20"

  name                       = local.pop_common.name
  pull_image_from_own_region = local.pull_own_region
  control_plane_url          = local.pop_common.control_plane_url
  image                      = local.pop_common.image
  instance_type              = local.pop_common.instance_type
  tags                       = var.tags
}

module "edge_1" {
  source    = "../../modules/edge-pop"
  providers = { aws = aws.edge1 }

  pop        = var.edge_pops[1].name
  role       = "edge"
  shield_url = module.shield.url
  min_size   = var.edge_min_nodes
  max_size   = var.edge_max_nodes
  vpc_cidr   = "10.62.0.0/20"

  name                       = local.pop_common.name
  pull_image_from_own_region = local.pull_own_region
  control_plane_url          = local.pop_common.control_plane_url
  image                      = local.pop_common.image
  instance_type              = local.pop_common.instance_type
  tags                       = var.tags
}

module "edge_2" {
  source    = "../../modules/edge-pop"
  providers = { aws = aws.edge2 }

  pop        = var.edge_pops[2].name
  role       = "edge"
  shield_url = module.shield.url
  min_size   = var.edge_min_nodes
  max_size   = var.edge_max_nodes
  vpc_cidr   = "10.63.0.0/20"

  name                       = local.pop_common.name
  pull_image_from_own_region = local.pull_own_region
  control_plane_url          = local.pop_common.control_plane_url
  image                      = local.pop_common.image
  instance_type              = local.pop_common.instance_type
  tags                       = var.tags
}

locals {
  edges = {
    for i, m in [module.edge_0, module.edge_1, module.edge_2] : m.pop => {
      region            = m.region
      nlb_arn           = m.nlb_arn
      nlb_dns_name      = m.nlb_dns_name
      nlb_zone_id       = m.nlb_zone_id
      health_alarm_name = m.health_alarm_name
      continent         = var.edge_pops[i].continent
    }
  }
}

module "global_routing" {
  source    = "../../modules/global-routing"
  providers = { aws = aws.global }

  name                    = var.name
  pops                    = local.edges
  enable_accelerator      = true
  dns_policy              = "latency"
  listener_ports          = [80, 443]
  route53_zone_id         = var.route53_zone_id
  record_name             = "edge.${var.domain}"
  accelerator_record_name = "anycast.${var.domain}"
  tags                    = var.tags
}
