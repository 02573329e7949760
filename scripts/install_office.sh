#!/usr/bin/env bash
# Install what rendering official documents to PDF needs (ADR-0023), from Debian, when it is missing:
#   libreoffice-writer-nogui   soffice --headless --convert-to pdf (the .docx is the master; the PDF is rendered)
#   fonts-noto-cjk             Noto Serif / Sans CJK SC: 方正小标宋简体 (bold Song), 宋体 and 黑体
#   texlive-lang-chinese       the Fandol fonts (FandolFang, FandolKai: 仿宋_GB2312, 楷体_GB2312; GPL with the
#                              font exception, GB2312 coverage), which Debian ships only inside TeX Live
#   fonts-arphic-ukai/uming    AR PL UKai / UMing CN, the fallbacks for 楷体 / 仿宋 if Fandol is absent
#   fonts-liberation2          Liberation Serif, metric-compatible with Times New Roman (digits and Latin text)
#   poppler-utils              pdftoppm, pdffonts, pdftotext (the tests turn the PDF into PNG pages)
# xuncha/documents/fonts/fonts.conf maps the standard's font names to these (FONTCONFIG_FILE, set by
# xuncha/documents/pdf.py). Needs root (apt-get); prints what it found either way.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fandol=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
[ -e "$fandol" ] || missing+=(texlive-lang-chinese)
for package in fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-liberation2; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "安装 / installing from Debian: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "需要 root 权限 / needs root: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
conf="$(cd "$(dirname "$0")/.." && pwd)/xuncha/documents/fonts/fonts.conf"
echo "soffice: $(command -v soffice || echo '未安装 / missing'); pdftoppm: $(command -v pdftoppm || echo '-')"
for family in 方正小标宋简体 仿宋_GB2312 楷体_GB2312 黑体 宋体; do
    echo "    $family → $(FONTCONFIG_FILE="$conf" fc-match -f '%{family[0]} %{style[0]}' "$family")"
done
