output "accelerator_dns_name" {
  description = "DNS name of the accelerator (null without one)."
  value       = var.enable_accelerator ? aws_globalaccelerator_accelerator.this[0].dns_name : null
}

output "accelerator_ip_addresses" {
  description = "The accelerator's static anycast IPv4 addresses (for apex domains and allow-lists)."
  value       = var.enable_accelerator ? flatten([for s in aws_globalaccelerator_accelerator.this[0].ip_sets : s.ip_addresses]) : []
}

output "record_name" {
  description = "DNS name routed across PoPs by latency or location (null with dns_policy = none)."
  value       = var.dns_policy == "none" ? null : var.record_name
}

output "endpoint_regions" {
  description = "Region of each PoP the accelerator routes to, by PoP name."
  value       = { for k, g in aws_globalaccelerator_endpoint_group.pop : k => g.endpoint_group_region }
}

output "health_check_ids" {
  description = "Route 53 health check of each PoP, by PoP name."
  value       = { for k, h in aws_route53_health_check.pop : k => h.id }
}

output "listener_ports" {
  description = "TCP ports the accelerator passes to the PoPs."
  value       = var.listener_ports
}
