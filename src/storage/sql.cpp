#include "storage/sql.hpp"

#include <iterator>

namespace sb::sql {

namespace {

[[noreturn]] void wrong_type(std::size_t i, const char* want) {
    throw DbError(DbError::Kind::generic, "column " + std::to_string(i) + " is not " + want);
}

}  // namespace

void append_values_row(std::string& sql, std::vector<Value>& params, std::vector<Value> row,
                       bool first) {
    sql += first ? "(" : ", (";
    for (std::size_t c = 0; c < row.size(); ++c)
        sql += (c ? ", $" : "$") + std::to_string(params.size() + c + 1);
    sql += ")";
    std::move(row.begin(), row.end(), std::back_inserter(params));
}

Result Database::query(std::string_view sql, const std::vector<Value>& params) {
    return read([&](Session& s) { return s.exec(sql, params); });
}

std::int64_t Row::integer(std::size_t i) const {
    const auto& v = values_.at(i);
    if (auto p = std::get_if<std::int64_t>(&v))
        return *p;
    if (auto p = std::get_if<double>(&v))
        return static_cast<std::int64_t>(*p);
    if (auto p = std::get_if<std::string>(&v))
        return std::stoll(*p);
    wrong_type(i, "an integer");
}

double Row::real(std::size_t i) const {
    const auto& v = values_.at(i);
    if (auto p = std::get_if<double>(&v))
        return *p;
    if (auto p = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*p);
    if (auto p = std::get_if<std::string>(&v))
        return std::stod(*p);
    wrong_type(i, "a number");
}

const std::string& Row::text(std::size_t i) const {
    const auto& v = values_.at(i);
    if (auto p = std::get_if<std::string>(&v))
        return *p;
    if (auto p = std::get_if<Blob>(&v))
        return p->bytes;
    wrong_type(i, "text");
}

std::string Row::blob(std::size_t i) const {
    const auto& v = values_.at(i);
    if (auto p = std::get_if<Blob>(&v))
        return p->bytes;
    if (auto p = std::get_if<std::string>(&v))
        return *p;
    wrong_type(i, "a blob");
}

std::optional<std::string> Row::text_or_null(std::size_t i) const {
    if (is_null(i))
        return std::nullopt;
    return text(i);
}

std::optional<std::int64_t> Row::integer_or_null(std::size_t i) const {
    if (is_null(i))
        return std::nullopt;
    return integer(i);
}

std::unique_ptr<Database> open_database(const std::string& url) {
    if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return open_postgres(PostgresOptions{url});
    }
    std::string path = url;
    if (path.starts_with("sqlite://"))
        path = path.substr(9);
    else if (path.starts_with("sqlite:"))
        path = path.substr(7);
    return open_sqlite(SqliteOptions{path});
}

}  // namespace sb::sql
