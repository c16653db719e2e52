#!/usr/bin/env bash
# Linear time on hostile documents: each kind built at 1 and 4 MB (one paragraph of thousands
# of names, titles or amounts; a Markdown table; 来源 lines...), one thread, JSON Lines to
# /dev/null, the median of RUNS runs (default 3). Time should grow about 4x for 4x the input;
# a kind whose "4 MB / 1 MB" is far above 4 takes time in the square of something.
#
#   scripts/hostile.sh        (BIN=path/to/gongwen to measure another binary)
source "$(dirname "$0")/release.sh"
runs="${RUNS:-3}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name ^ extension ^ first lines ^ the unit repeated to the size
kinds=(
  "companies^txt^关于合作的通知\n^福建华兴科技有限公司与厦门海天贸易有限公司签订协议，"
  "companies-unbroken^txt^关于合作的通知\n^福建华兴科技有限公司与厦门海天贸易有限公司签订协议"
  "titles^txt^关于加强工作的通知\n^根据《福建省人民政府关于加强工作的意见》（闽政〔2021〕1号）"
  "amounts^txt^关于加强工作的通知\n^补助120万元，奖励不超过50万元，共计约3.5亿元，"
  "places^txt^关于加强工作的通知\n^福州市鼓楼区、台江区、仓山区，厦门市思明区、湖里区，"
  "inline-items^txt^关于加强工作的通知\n^一是加强组织领导；二是强化资金保障，安排300万元；三是2021年底前完成。"
  "responsible-units^txt^关于加强工作的通知\n^（一）加强统筹。责任单位：省发改委、工信厅、财政厅\n"
  "source-lines^txt^关于做好评估工作的通知\n^来源:福建省人民政府门户网站 时间:2020-12-29 16:59\n各地要在2021年3月底前完成评估。\n"
  "table^md^| 市 | 区 | 时间 | 金额 | 单位 |\n| --- | --- | --- | --- | --- |\n^| 福州市 | 鼓楼区 | 2021年3月 | 120万元 | 省发改委 |\n"
  "headings^md^^# 第一部分\n\n## 说明\n\n正文内容，省财政厅负责。\n\n"
  "list^md^^- 项目一：投资120万元，鼓楼区。\n"
)

# builds $work/<name>-<mb>.<ext> from the first lines and the unit repeated past mb MB
build() {
  local name=$1 ext=$2 head=$3 unit=$4 mb=$5
  local file="$work/$name-$mb.$ext" chunk="$work/chunk"
  printf "%b" "$unit" > "$chunk"
  # a chunk of about 64 KB, then chunks to the size
  while [ "$(stat -c %s "$chunk")" -lt 65536 ]; do cat "$chunk" "$chunk" > "$chunk.2"; mv "$chunk.2" "$chunk"; done
  printf "%b" "$head" > "$file"
  while [ "$(stat -c %s "$file")" -lt $((mb * 1000000)) ]; do cat "$chunk" >> "$file"; done
  echo "$file"
}

# milliseconds of the median of `runs` runs over one document
median_ms() {
  for _ in $(seq "$runs"); do
    local start=${EPOCHREALTIME/[.,]/}
    "$BIN" extract "$1" --format jsonl -j 1 -q > /dev/null
    local end=${EPOCHREALTIME/[.,]/}
    echo $(( (end - start) / 1000 ))
  done | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

printf "%-20s %10s %10s %14s\n" "document" "1 MB ms" "4 MB ms" "4 MB / 1 MB"
worst=0
for kind in "${kinds[@]}"; do
  IFS='^' read -r name ext head unit <<< "$kind"
  one=$(median_ms "$(build "$name" "$ext" "$head" "$unit" 1)")
  four=$(median_ms "$(build "$name" "$ext" "$head" "$unit" 4)")
  ratio=$(awk -v a="$one" -v b="$four" 'BEGIN { printf "%.1f", b / a }')
  printf "%-20s %10s %10s %14s\n" "$name" "$one" "$four" "$ratio"
  worst=$(awk -v w="$worst" -v r="$ratio" 'BEGIN { print (r > w) ? r : w }')
done
echo "the largest growth: ${worst}x the time for 4x the input (linear: about 4 or less)"
