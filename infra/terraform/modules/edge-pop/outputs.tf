output "pop" {
  description = "Name of the PoP."
  value       = var.pop
}

output "role" {
  description = "edge or shield."
  value       = var.role
}

output "region" {
  description = "Region of the PoP."
  value       = data.aws_region.current.name
}

output "url" {
  description = "Base URL of the PoP's load balancer (a shield's url is what edges take as shield_url)."
  value       = "${local.public_scheme}://${aws_lb.this.dns_name}"
}

output "nlb_arn" {
  description = "ARN of the network load balancer (a Global Accelerator endpoint)."
  value       = aws_lb.this.arn
}

output "nlb_dns_name" {
  description = "DNS name of the network load balancer."
  value       = aws_lb.this.dns_name
}

output "nlb_zone_id" {
  description = "Hosted zone id of the network load balancer, for Route 53 alias records."
  value       = aws_lb.this.zone_id
}

output "health_alarm_name" {
  description = "CloudWatch alarm that breaches when the PoP has no healthy node (in this PoP's region)."
  value       = aws_cloudwatch_metric_alarm.no_healthy_nodes.alarm_name
}

output "autoscaling_group_name" {
  description = "Autoscaling group of the nodes."
  value       = aws_autoscaling_group.node.name
}

output "security_group_id" {
  description = "Security group of the nodes."
  value       = aws_security_group.node.id
}

output "node_args" {
  description = "edge-runtime arguments every node starts with (besides --node-id, --disk and --memory, set at boot). No secrets."
  value       = local.node_args
}

output "edge_token_secret_arn" {
  description = "Secrets Manager ARN the nodes read their edge credential from (the ARN, not the value)."
  value       = var.edge_token_secret_arn
}

output "alarm_topic_arn" {
  description = "SNS topic the PoP's alarms notify; subscribe the on-call rotation to it."
  value       = local.alarm_topic_arn
}
