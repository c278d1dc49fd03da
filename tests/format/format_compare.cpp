// SPDX-License-Identifier: GPL-3.0-or-later
// Flattening and structural comparison of parsed formats for the format tests.
#include "format_compare.h"

namespace bufferscope::testing {

using namespace format;

namespace {

// Whether byte order means anything for the scalar (NumPy says '|' where it does not).
bool hasByteOrder(const Scalar &scalar)
{
    switch (scalar.kind) {
    case ScalarKind::Ucs2:
    case ScalarKind::Ucs4:
        return true;
    case ScalarKind::SignedInt:
    case ScalarKind::UnsignedInt:
    case ScalarKind::Float:
    case ScalarKind::Complex:
    case ScalarKind::Pointer:
    case ScalarKind::FunctionPointer:
        return scalar.size > 1;
    default:
        return false;
    }
}

void flattenInto(const Type &type, std::int64_t base, const QString &prefix, QJsonArray &out)
{
    for (const Field &field : type.fields) {
        const QString path = prefix + QString::fromStdString(field.name);
        QString order = QStringLiteral("|");
        if (field.type->scalar && hasByteOrder(*field.type->scalar))
            order = field.type->scalar->byteOrder == ByteOrder::Little ? QStringLiteral("<")
                                                                       : QStringLiteral(">");
        out.append(QJsonArray{path, qint64(base + field.offset), qint64(field.size()), order});
        if (field.type->isStruct && field.shape.empty())
            flattenInto(*field.type, base + field.offset, path + QLatin1Char('.'), out);
    }
}

QString differs(const QString &path, const char *what, const QString &a, const QString &b)
{
    return QStringLiteral("%1: %2 %3 != %4").arg(path, QLatin1String(what), a, b);
}

QString compareScalars(const Scalar &a, const Scalar &b, const QString &path)
{
    if (a.code != b.code)
        return differs(path, "code", QChar(a.code), QChar(b.code));
    if (a.kind != b.kind)
        return differs(path, "kind", QString::number(int(a.kind)), QString::number(int(b.kind)));
    if (a.size != b.size || a.alignment != b.alignment)
        return differs(path, "size/alignment", QStringLiteral("%1/%2").arg(a.size).arg(a.alignment),
                       QStringLiteral("%1/%2").arg(b.size).arg(b.alignment));
    if (a.byteOrder != b.byteOrder || a.sizeMode != b.sizeMode)
        return differs(path, "mode", QString::number(int(a.byteOrder) * 2 + int(a.sizeMode)),
                       QString::number(int(b.byteOrder) * 2 + int(b.sizeMode)));
    if (a.pointee != b.pointee)
        return differs(path, "pointee", QString::fromStdString(a.pointee),
                       QString::fromStdString(b.pointee));
    return {};
}

} // namespace

QJsonArray flattenFields(const Type &type)
{
    QJsonArray out;
    flattenInto(type, 0, {}, out);
    return out;
}

QString compareTypes(const Type &a, const Type &b, const QString &path)
{
    const QString here = path.isEmpty() ? QStringLiteral("<root>") : path;
    if (a.scalar.has_value() != b.scalar.has_value() || a.isStruct != b.isStruct ||
        a.implicitSequence != b.implicitSequence)
        return differs(here, "kind of type", QString::fromStdString(a.canonical),
                       QString::fromStdString(b.canonical));
    if (a.itemsize != b.itemsize)
        return differs(here, "itemsize", QString::number(a.itemsize), QString::number(b.itemsize));
    if (a.alignment != b.alignment)
        return differs(here, "alignment", QString::number(a.alignment),
                       QString::number(b.alignment));
    if (a.scalar)
        return compareScalars(*a.scalar, *b.scalar, here);
    if (a.fields.size() != b.fields.size())
        return differs(here, "field count", QString::number(a.fields.size()),
                       QString::number(b.fields.size()));
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        const Field &fa = a.fields[i];
        const Field &fb = b.fields[i];
        const QString sub = path + QLatin1Char('/') + QString::fromStdString(fa.name);
        if (fa.name != fb.name || fa.explicitName != fb.explicitName)
            return differs(sub, "name", QString::fromStdString(fa.name),
                           QString::fromStdString(fb.name));
        if (fa.offset != fb.offset)
            return differs(sub, "offset", QString::number(fa.offset), QString::number(fb.offset));
        if (fa.shape != fb.shape)
            return differs(sub, "shape rank/dims", QString::number(fa.shape.size()),
                           QString::number(fb.shape.size()));
        const QString inner = compareTypes(*fa.type, *fb.type, sub);
        if (!inner.isEmpty())
            return inner;
    }
    return {};
}

} // namespace bufferscope::testing
