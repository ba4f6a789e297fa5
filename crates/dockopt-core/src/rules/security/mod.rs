//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod add_url_without_checksum;
mod apt_unauthenticated;
mod chpasswd_literal_password;
mod credentials_written_by_run;
mod docker_socket_mounted;
mod insecure_download;
mod last_user_root;
mod no_user_in_shipped_stage;
mod non_numeric_user;
mod package_update_alone;
mod package_verification_disabled;
mod pip_extra_index_url;
mod pipe_download_to_shell;
mod run_security_insecure;
mod secret_file_copied;
mod secrets_in_arg_or_env;
mod ssh_port_exposed;
mod sudo_used;
mod tls_verification_disabled_config;
mod tls_verification_disabled_env;
mod untrusted_registry;
mod volume_on_system_directory;
mod workdir_system_directory;

pub static RULES: &[&Rule] = &[
    &add_url_without_checksum::RULE,
    &apt_unauthenticated::RULE,
    &chpasswd_literal_password::RULE,
    &credentials_written_by_run::RULE,
    &docker_socket_mounted::RULE,
    &insecure_download::RULE,
    &last_user_root::RULE,
    &no_user_in_shipped_stage::RULE,
    &non_numeric_user::RULE,
    &package_update_alone::RULE,
    &package_verification_disabled::RULE,
    &pip_extra_index_url::RULE,
    &pipe_download_to_shell::RULE,
    &run_security_insecure::RULE,
    &secret_file_copied::RULE,
    &secrets_in_arg_or_env::RULE,
    &ssh_port_exposed::RULE,
    &sudo_used::RULE,
    &tls_verification_disabled_config::RULE,
    &tls_verification_disabled_env::RULE,
    &untrusted_registry::RULE,
    &volume_on_system_directory::RULE,
    &workdir_system_directory::RULE,
];
