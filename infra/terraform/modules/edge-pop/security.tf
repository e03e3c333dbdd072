# The load balancer admits clients from traffic_ingress_cidrs (it keeps client addresses, so its rules see real
# clients) on 80 and 443; a shield's admits the edge PoPs' egress addresses only. Nodes admit traffic from the load balancer's security group only,
# the admin port only from inside the VPC (NLB health checks) and admin_ingress_cidrs, and go out only on
# origin_ports. SSH is closed: operators use SSM Session Manager.

resource "aws_security_group" "lb" {
  name        = "${local.prefix}-lb"
  description = "load balancer of PoP ${var.pop} (${var.role})"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-lb" })
}

resource "aws_vpc_security_group_ingress_rule" "lb" {
  for_each = { for pair in setproduct(local.listener_ports, keys(local.ingress_cidrs)) : "${pair[0]} ${pair[1]}" => { port = pair[0], cidr = local.ingress_cidrs[pair[1]] } }

  security_group_id = aws_security_group.lb.id
  description       = "Client traffic on ${each.value.port}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lb_to_nodes" {
  for_each = toset([for p in concat(values(local.target_ports), [local.admin_port]) : tostring(p)])

  security_group_id            = aws_security_group.lb.id
  description                  = "To the nodes' listeners and health checks"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.node.id
  tags                         = local.tags
}

resource "aws_security_group" "node" {
  name        = "${local.prefix}-node"
  description = "edge-runtime nodes of PoP ${var.pop} (${var.role})"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-node" })
}

# Traffic and TLS-offload ports admit the load balancer only (its security group), never a CIDR: the TLS-offload
# listener is plain HTTP that the node treats as https, so a client reaching a node's public address directly must
# not get there, and nothing bypasses the load balancer's listeners.
resource "aws_vpc_security_group_ingress_rule" "traffic" {
  for_each = local.target_ports

  security_group_id            = aws_security_group.node.id
  description                  = { traffic = "HTTP traffic from the load balancer", tls = "TLS traffic passed through by the load balancer", tls_offload = "HTTPS traffic, its TLS terminated by the load balancer" }[each.key]
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = aws_security_group.lb.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "admin" {
  for_each = toset(concat([local.vpc_cidr], var.admin_ingress_cidrs))

  security_group_id = aws_security_group.node.id
  description       = "Admin listener (/readyz for load balancer health checks)"
  ip_protocol       = "tcp"
  from_port         = local.admin_port
  to_port           = local.admin_port
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "out" {
  for_each = toset([for p in var.origin_ports : tostring(p)])

  security_group_id = aws_security_group.node.id
  description       = "Origins, shield, control plane and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}
