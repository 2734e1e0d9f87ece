# tflint for terraform/: the bundled terraform ruleset with every rule on
# (run by internal/tfcheck; the AWS ruleset plugin cannot be downloaded offline).
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
