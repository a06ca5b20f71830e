#include "mockserver/http/http_origin.hpp"

#include <fstream>
#include <system_error>

#include "mockserver/http/http_auth.hpp"
#include "mockserver/http/http_error_page.hpp"
#include "mockserver/http/http_location.hpp"
#include "mockserver/http/http_semantics.hpp"

namespace replycheck::mock::detail {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

void origin::answer(const http_request& request, std::string_view raw_path, std::string_view query, reply& r) {
    request_ = &request;
    query_ = query;
    const auto verb = request.verb;
    if (raw_path == "*") {
        // RFC 9110 §9.3.7: OPTIONS * asks about the server; no other method takes "*".
        if (verb != http::verb::options) return error(r, 400);
        r.begin(204, {}, state_.config.server_header);
        r.header("Allow", state_.allow_static);
        return r.end(std::nullopt);
    }
    // Malformed escapes, NUL, backslashes or ".." above the root: never resolved.
    if (!normalize_path(raw_path, path_)) return error(r, 400);
    if (redirected(r) || !authorized(r)) return;
    if (verb == http::verb::options) {
        r.begin(204, {}, state_.config.server_header);
        r.header("Allow", state_.allow_static);
        return r.end(std::nullopt);
    }
    if (verb == http::verb::put || verb == http::verb::delete_) {
        if (!state_.config.writable || !state_.has_root) return error(r, 405, 0, allow_field());
        return verb == http::verb::put ? put_file(r) : delete_file(r);
    }
    // RFC 9110 §15.5.6: 405 lists the methods the resource supports.
    if (verb != http::verb::get && verb != http::verb::head) return error(r, 405, 0, allow_field());
    if (!state_.has_root) return error(r, 404);
    get_file(r);
}

void origin::error(reply& r, int status, int substatus, std::string_view extra_fields) {
    error_reply(r, state_.config, request_->target, status, substatus, extra_fields);
}

bool origin::redirected(reply& r) {
    for (const auto& to : state_.config.redirects) {
        if (to.prefix ? !path_in_prefix(to.from, path_) : path_ != to.from) continue;
        const std::string location =
            to.prefix ? location_value(to.to, std::string_view(path_).substr(to.from.size())) : to.to;
        r.begin(to.status, {}, state_.config.server_header);
        r.header("Location", location);
        r.owned = error_page(state_.config.flavour, to.status, 0, request_->target, "Moved to " + location);
        r.header("Content-Type", "text/html");
        r.end_with_owned();
        return true;
    }
    return false;
}

bool origin::authorized(reply& r) {
    const auto verdict = check_basic_auth(state_.config.auth, path_, request_->value(request_->authorization));
    switch (verdict.outcome) {
    case auth_verdict::kind::allowed: return true;
    case auth_verdict::kind::forbidden: error(r, 403); return false;
    case auth_verdict::kind::challenge:
        // IIS substatus: 401.1 wrong credentials, 401.2 none.
        error(r, 401, verdict.had_credentials ? 1 : 2, basic_challenge(*verdict.realm_of));
        return false;
    }
    return false;
}

void origin::get_file(reply& r) {
    std::shared_ptr<const file_entry> entry;
    switch (cache_.lookup(path_, entry)) {
    case lookup_status::outside_root: return error(r, 403);
    case lookup_status::not_found: return error(r, 404);
    case lookup_status::found: break;
    }
    if (entry->is_directory) {
        if (path_.back() != '/') {
            // The folder's own URL ends in '/', so that relative references resolve inside it.
            r.begin(301, {}, state_.config.server_header);
            r.header("Location", location_value({}, path_ + "/", query_));
            r.owned = error_page(state_.config.flavour, 301, 0, request_->target);
            r.header("Content-Type", "text/html");
            return r.end_with_owned();
        }
        std::shared_ptr<const file_entry> index;
        if (state_.config.index.empty() || cache_.lookup(path_ + state_.config.index, index) != lookup_status::found ||
            index->is_directory) {
            // A folder without an index file: listing is refused (IIS 403.14).
            return error(r, 403, 14);
        }
        entry = std::move(index);
    }
    r.file = std::move(entry);
    serve_file(*r.file, r);
}

void origin::serve_file(const file_entry& file, reply& r) {
    const auto& server = state_.config.server_header;
    switch (choose_file_reply(*request_, file, ranges_)) {
    case file_reply::precondition_failed: return error(r, 412);
    case file_reply::unsatisfiable:
        return error(r, 416, 0, "Content-Range: bytes */" + std::to_string(file.size) + "\r\n");
    case file_reply::not_modified:
        // RFC 9110 §15.4.5: 304 carries Date and ETag (and no content).
        r.begin(304, {}, server);
        r.header("ETag", file.etag);
        return r.end(std::nullopt);
    case file_reply::whole:
        r.begin(200, {}, server);
        r.header("Content-Type", file.media_type);
        r.header("ETag", file.etag);
        r.header("Last-Modified", file.last_modified);
        r.header("Accept-Ranges", "bytes");
        r.end(file.size);
        if (r.head_only()) return;
        if (file.content) r.body = *file.content;
        else if (file.size) r.segments.push_back({{}, 0, file.size});
        return;
    case file_reply::ranges: break;
    }
    r.begin(206, {}, server);
    r.header("ETag", file.etag);
    r.header("Last-Modified", file.last_modified);
    r.header("Accept-Ranges", "bytes");
    if (ranges_.size() == 1) {
        const auto& range = ranges_.front();
        const auto length = range.last - range.first + 1;
        r.header("Content-Type", file.media_type);
        r.header("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                      std::to_string(file.size));
        r.end(length);
        if (file.content) r.body = std::string_view(*file.content).substr(range.first, length);
        else r.segments.push_back({{}, range.first, length});
        return;
    }
    // RFC 9110 §14.6: several ranges → multipart/byteranges, one Content-Range per part.
    const std::string boundary = "replycheck" + std::to_string(file.mtime_ns % 1000000007) + "b";
    r.header("Content-Type", "multipart/byteranges; boundary=" + boundary);
    std::uint64_t total = 0;
    std::vector<file_segment> parts;
    for (const auto& range : ranges_) {
        file_segment s;
        s.text = "\r\n--" + boundary + "\r\nContent-Type: " + std::string(file.media_type) + "\r\nContent-Range: bytes " +
                 std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(file.size) +
                 "\r\n\r\n";
        s.offset = range.first;
        s.length = range.last - range.first + 1;
        total += s.text.size() + s.length;
        parts.push_back(std::move(s));
    }
    file_segment end;
    end.text = "\r\n--" + boundary + "--\r\n";
    total += end.text.size();
    parts.push_back(std::move(end));
    r.end(total);
    if (!file.content) {
        r.segments = std::move(parts);
        return;
    }
    r.owned.reserve(static_cast<std::size_t>(total));
    for (const auto& s : parts) {
        r.owned += s.text;
        if (s.length) r.owned.append(*file.content, static_cast<std::size_t>(s.offset), static_cast<std::size_t>(s.length));
    }
    r.body = r.owned;
}

void origin::put_file(reply& r) {
    fs::path target;
    if (path_.back() == '/') return error(r, 405, 0, allow_field());
    if (!cache_.resolve(path_, target)) return error(r, 403);
    std::error_code ec;
    const bool exists = fs::exists(target, ec);
    if (exists && fs::is_directory(target, ec)) return error(r, 409);
    if (!fs::is_directory(target.parent_path(), ec)) return error(r, 409);
    std::shared_ptr<const file_entry> current;
    if (exists && request_->if_match >= 0 && cache_.lookup(path_, current) != lookup_status::found) current.reset();
    if (!put_preconditions_hold(*request_, exists, current.get())) return error(r, 412);
    // Written aside, then renamed: a reader never sees half a file.
    fs::path temp = target;
    temp += ".replycheck-upload-" + std::to_string(connection_id_);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(request_->body.data(), static_cast<std::streamsize>(request_->body.size()));
        if (!out) {
            fs::remove(temp, ec);
            return error(r, 500);
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        return error(r, 500);
    }
    cache_.clear();
    if (exists) {
        r.begin(204, {}, state_.config.server_header);
        return r.end(std::nullopt);
    }
    r.begin(201, {}, state_.config.server_header);
    r.header("Location", location_value({}, path_));
    r.end(0);
}

void origin::delete_file(reply& r) {
    fs::path target;
    if (!cache_.resolve(path_, target)) return error(r, 403);
    std::error_code ec;
    if (!fs::exists(target, ec)) return error(r, 404);
    if (fs::is_directory(target, ec) || target == cache_.root()) return error(r, 403);
    if (!fs::remove(target, ec) || ec) return error(r, 500);
    cache_.clear();
    r.begin(204, {}, state_.config.server_header);
    r.end(std::nullopt);
}

}  // namespace replycheck::mock::detail
