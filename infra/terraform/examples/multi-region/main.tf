# A whole platform: the control plane, one shield PoP and three edge PoPs in four regions, and global routing
# (a Global Accelerator plus Route 53 latency records) across the edges. Edges forward misses to the shield;
# every node dials the control plane with the edge credential from its Secrets Manager secret.

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

  # The shield PoP's region takes every edge PoP's misses (docs/routing.md, "Topology").
  shield_topology = [{
    name    = module.shield.region
    shields = [{ name = module.shield.pop, url = module.shield.url }]
    pops    = [for p in var.edge_pops : p.name]
  }]
}

locals {
  pop_common = {
    name                   = var.name
    control_plane_url      = module.control_plane.api_url
    edge_token_secret_arn  = module.control_plane.edge_token_secret_arn
    admin_token_secret_arn = module.control_plane.edge_admin_token_secret_arn
    image                  = var.edge_image
    instance_type          = var.edge_instance_type
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

  name                   = local.pop_common.name
  control_plane_url      = local.pop_common.control_plane_url
  edge_token_secret_arn  = local.pop_common.edge_token_secret_arn
  admin_token_secret_arn = local.pop_common.admin_token_secret_arn
  image                  = local.pop_common.image
  instance_type          = local.pop_common.instance_type
  tags                   = var.tags
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

  name                   = local.pop_common.name
  control_plane_url      = local.pop_common.control_plane_url
  edge_token_secret_arn  = local.pop_common.edge_token_secret_arn
  admin_token_secret_arn = local.pop_common.admin_token_secret_arn
  image                  = local.pop_common.image
  instance_type          = local.pop_common.instance_type
  tags                   = var.tags
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

  name                   = local.pop_common.name
  control_plane_url      = local.pop_common.control_plane_url
  edge_token_secret_arn  = local.pop_common.edge_token_secret_arn
  admin_token_secret_arn = local.pop_common.admin_token_secret_arn
  image                  = local.pop_common.image
  instance_type          = local.pop_common.instance_type
  tags                   = var.tags
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

  name                   = local.pop_common.name
  control_plane_url      = local.pop_common.control_plane_url
  edge_token_secret_arn  = local.pop_common.edge_token_secret_arn
  admin_token_secret_arn = local.pop_common.admin_token_secret_arn
  image                  = local.pop_common.image
  instance_type          = local.pop_common.instance_type
  tags                   = var.tags
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
  route53_zone_id         = var.route53_zone_id
  record_name             = "edge.${var.domain}"
  accelerator_record_name = "anycast.${var.domain}"
  tags                    = var.tags
}
