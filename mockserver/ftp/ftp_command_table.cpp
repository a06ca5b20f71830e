#include "mockserver/ftp/ftp_command_table.hpp"

#include <algorithm>
#include <array>

namespace replycheck::mock::detail {

namespace {

using session = ftp_control_session;

constexpr auto commands = std::to_array<ftp_command_spec>({
    // Login and session (RFC 959 §4.1.1); these are allowed before login.
    {"USER", "", true, &session::cmd_user},
    {"PASS", "", true, &session::cmd_pass},
    {"ACCT", "", true, &session::cmd_acct},
    // Paths (RFC 959 §4.1.1, §4.1.3; X-forms from RFC 775).
    {"CWD", "XCWD", false, &session::cmd_cwd},
    {"CDUP", "XCUP", false, &session::cmd_cdup},
    {"PWD", "XPWD", false, &session::cmd_pwd},
    {"MKD", "XMKD", false, &session::cmd_mkd},
    {"RMD", "XRMD", false, &session::cmd_rmd},
    {"DELE", "", false, &session::cmd_dele},
    {"RNFR", "", false, &session::cmd_rnfr},
    {"RNTO", "", false, &session::cmd_rnto},
    // Transfers (RFC 959 §4.1.3, RFC 3659 §5 REST, §7 MLSD/MLST, §4 SIZE, §3 MDTM).
    {"RETR", "", false, &session::cmd_retr},
    {"STOR", "", false, &session::cmd_store},
    {"STOU", "", false, &session::cmd_store},
    {"APPE", "", false, &session::cmd_store},
    {"REST", "", false, &session::cmd_rest},
    {"ABOR", "", false, &session::cmd_abor},
    {"LIST", "", false, &session::cmd_list},
    {"NLST", "", false, &session::cmd_list},
    {"MLSD", "", false, &session::cmd_list},
    {"MLST", "", false, &session::cmd_mlst},
    {"SIZE", "", false, &session::cmd_size_mdtm},
    {"MDTM", "", false, &session::cmd_size_mdtm},
    // Transfer parameters (RFC 959 §4.1.2).
    {"TYPE", "", false, &session::cmd_type},
    {"MODE", "", false, &session::cmd_mode},
    {"STRU", "", false, &session::cmd_stru},
    // Information and service (RFC 959 §4.1.3, RFC 2389 FEAT/OPTS).
    {"SYST", "", true, &session::cmd_syst},
    {"STAT", "", false, &session::cmd_stat},
    {"HELP", "", true, &session::cmd_help},
    {"NOOP", "", true, &session::cmd_noop},
    {"FEAT", "", true, &session::cmd_feat},
    {"OPTS", "", true, &session::cmd_opts},
    {"SITE", "", false, &session::cmd_site},
    {"ALLO", "", false, &session::cmd_allo},
    {"QUIT", "", true, &session::cmd_quit},
    {"REIN", "", true, &session::cmd_rein},
    // Virtual hosts (RFC 7151): before login only.
    {"HOST", "", true, &session::cmd_host},
    // Security (RFC 2228 §3, RFC 4217): allowed before login, as the login may need them.
    {"AUTH", "", true, &session::cmd_auth},
    {"PBSZ", "", true, &session::cmd_pbsz},
    {"PROT", "", true, &session::cmd_prot},
    {"CCC", "", true, &session::cmd_ccc},
    // Data connections (RFC 959 §4.1.2, RFC 2428).
    {"PORT", "", false, &session::cmd_port},
    {"PASV", "", false, &session::cmd_pasv},
    {"EPRT", "", false, &session::cmd_port},
    {"EPSV", "", false, &session::cmd_epsv},
    // Known but not offered (RFC 959 §4.2: 502): other security commands (RFC 2228), long addresses
    // (RFC 1639), languages (RFC 2640), setting facts (drafts).
    {"SMNT", "", false, nullptr},
    {"ADAT", "", false, nullptr},
    {"MIC", "", false, nullptr},
    {"CONF", "", false, nullptr},
    {"ENC", "", false, nullptr},
    {"LPRT", "", false, nullptr},
    {"LPSV", "", false, nullptr},
    {"LANG", "", false, nullptr},
    {"MFMT", "", false, nullptr},
    {"MFCT", "", false, nullptr},
    {"MFF", "", false, nullptr},
});

}  // namespace

const ftp_command_spec* find_ftp_command(std::string_view verb) noexcept {
    auto found = std::find_if(commands.begin(), commands.end(), [verb](const auto& spec) {
        return spec.verb == verb || (!spec.alias.empty() && spec.alias == verb);
    });
    return found == commands.end() ? nullptr : &*found;
}

std::span<const ftp_command_spec> ftp_command_table() noexcept { return commands; }

}  // namespace replycheck::mock::detail
