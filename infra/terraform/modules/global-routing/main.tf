# Global routing across edge PoPs: a Global Accelerator (static anycast addresses; AWS's edge network carries
# each connection to the nearest healthy PoP's load balancer) and/or Route 53 latency or geolocation records.
# A PoP's health is its load balancer's: each PoP's "no healthy node" alarm backs a Route 53 health check, and
# the accelerator follows the NLB's own target health.

data "aws_region" "current" {}

locals {
  tags = merge(var.tags, {
    Project   = "cdn-platform"
    Component = "global-routing"
    ManagedBy = "terraform"
  })

  dns_pops = var.dns_policy == "none" ? {} : var.pops

  # Global Accelerator's fixed hosted zone id, for alias records.
  accelerator_zone_id = "Z2BJ6XQ5FK7U4H"
}

# ------------------------------------------------------------------ Global Accelerator

resource "aws_globalaccelerator_accelerator" "this" {
  count = var.enable_accelerator ? 1 : 0

  name            = "${var.name}-edges"
  ip_address_type = "IPV4"
  enabled         = true
  tags            = local.tags

  lifecycle {
    precondition {
      condition     = data.aws_region.current.name == "us-west-2"
      error_message = "Global Accelerator is managed through us-west-2: pass this module a provider configured for region us-west-2."
    }
  }
}

resource "aws_globalaccelerator_listener" "this" {
  count = var.enable_accelerator ? 1 : 0

  accelerator_arn = aws_globalaccelerator_accelerator.this[0].id
  protocol        = "TCP"
  client_affinity = "NONE"

  dynamic "port_range" {
    for_each = var.listener_ports
    content {
      from_port = port_range.value
      to_port   = port_range.value
    }
  }
}

resource "aws_globalaccelerator_endpoint_group" "pop" {
  for_each = var.enable_accelerator ? var.pops : {}

  listener_arn            = aws_globalaccelerator_listener.this[0].id
  endpoint_group_region   = each.value.region
  traffic_dial_percentage = each.value.traffic_dial

  endpoint_configuration {
    endpoint_id = each.value.nlb_arn
    weight      = 128
  }
}

# ------------------------------------------------------------------ Route 53

resource "aws_route53_health_check" "pop" {
  for_each = local.dns_pops

  type                            = "CLOUDWATCH_METRIC"
  cloudwatch_alarm_name           = each.value.health_alarm_name
  cloudwatch_alarm_region         = each.value.region
  insufficient_data_health_status = "LastKnownStatus"
  tags                            = merge(local.tags, { Name = "${var.name}-${each.key}", Pop = each.key })
}

resource "aws_route53_record" "latency" {
  for_each = var.dns_policy == "latency" ? var.pops : {}

  zone_id         = var.route53_zone_id
  name            = var.record_name
  type            = "A"
  set_identifier  = each.key
  health_check_id = aws_route53_health_check.pop[each.key].id

  latency_routing_policy {
    region = each.value.region
  }

  alias {
    name                   = each.value.nlb_dns_name
    zone_id                = each.value.nlb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "geolocation" {
  for_each = var.dns_policy == "geolocation" ? var.pops : {}

  zone_id         = var.route53_zone_id
  name            = var.record_name
  type            = "A"
  set_identifier  = each.key
  health_check_id = aws_route53_health_check.pop[each.key].id

  geolocation_routing_policy {
    continent = each.value.country == null ? each.value.continent : null
    country   = each.value.country
  }

  alias {
    name                   = each.value.nlb_dns_name
    zone_id                = each.value.nlb_zone_id
    evaluate_target_health = true
  }
}

# Clients matching no location go to default_pop.
resource "aws_route53_record" "geolocation_default" {
  count = var.dns_policy == "geolocation" ? 1 : 0

  zone_id        = var.route53_zone_id
  name           = var.record_name
  type           = "A"
  set_identifier = "default"

  geolocation_routing_policy {
    country = "*"
  }

  alias {
    name                   = var.pops[var.default_pop].nlb_dns_name
    zone_id                = var.pops[var.default_pop].nlb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "accelerator" {
  count = var.enable_accelerator && var.accelerator_record_name != null && var.route53_zone_id != null ? 1 : 0

  zone_id = var.route53_zone_id
  name    = var.accelerator_record_name
  type    = "A"

  alias {
    name                   = aws_globalaccelerator_accelerator.this[0].dns_name
    zone_id                = local.accelerator_zone_id
    evaluate_target_health = true
  }
}
