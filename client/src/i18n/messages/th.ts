import type { Messages } from './en'

export const th: Messages = {
  app: {
    home: 'chiphao: กลับไปหน้าภาพรวม',
    loading: 'กำลังโหลด',
    language: 'ภาษา',
    panel: 'คำอธิบายแผนที่และรายละเอียดพื้นที่',
    synthetic: 'ข้อมูลสาธิตสังเคราะห์: ครัวเรือนถูกสร้างขึ้น ไม่ได้มาจากการสำรวจจริง',
  },
}
