output "api_url" {
  description = "URL of the API."
  value       = module.control_plane.api_url
}

output "portal_url" {
  description = "URL of the portal."
  value       = module.control_plane.portal_url
}

output "edge_hostname" {
  description = "Latency-routed name tenants point their domains at (CNAME)."
  value       = module.global_routing.record_name
}

output "anycast_ip_addresses" {
  description = "Static anycast addresses of the Global Accelerator (for apex domains)."
  value       = module.global_routing.accelerator_ip_addresses
}

output "shield_url" {
  description = "URL of the shield PoP (the edges' --shield)."
  value       = module.shield.url
}

output "pops" {
  description = "Every PoP: role, region, URL and node arguments (no secrets)."
  value = {
    for m in [module.shield, module.edge_0, module.edge_1, module.edge_2] : m.pop => {
      role      = m.role
      region    = m.region
      url       = m.url
      node_args = m.node_args
      # The ARN of the PoP's own credential secret, never its value.
      edge_token_secret_arn = m.edge_token_secret_arn
    }
  }
}

output "routed_regions" {
  description = "Region of each edge PoP behind the accelerator."
  value       = module.global_routing.endpoint_regions
}

output "pop_secrets" {
  description = "Each PoP's own secrets (ARNs, never values), for scripts/mint-pop-tokens.sh: terraform output -json pop_secrets."
  value = {
    for m in [module.shield, module.edge_0, module.edge_1, module.edge_2] : m.pop => {
      region                 = m.region
      edge_token_secret_arn  = m.edge_token_secret_arn
      admin_token_secret_arn = m.admin_token_secret_arn
    }
  }
}

output "operator_token_secret_arn" {
  description = "Secrets Manager ARN of the operator token (the value is never an output): read it with aws secretsmanager get-secret-value."
  value       = module.control_plane.operator_token_secret_arn
}
