import mongoose, { type Types } from "mongoose";
import { getCurrentYear } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { StudentModel, EnrolmentModel } from "~models/student.server";
import { UserModel } from "~models/user.server";

/** Ids in the demo school that the access tests need: whose child is whose, which class is which. */
export async function demoIds() {
  const user = async (login: string) => (await UserModel.findOne({ login }).lean<{ _id: Types.ObjectId; schoolId: Types.ObjectId }>())!;
  const admin = await user("admin");
  const schoolId = admin.schoolId;
  const year = (await getCurrentYear(schoolId))!;
  const cls = async (grade: number, letter: string) => (await ClassModel.findOne({ schoolId, yearId: year._id, grade, letter }).lean<{ _id: Types.ObjectId }>())!._id;
  const parent = await user("parent");
  const parent2 = await user("parent2");
  const childA = (await StudentModel.findOne({ representativeIds: parent._id }).lean<{ _id: Types.ObjectId }>())!._id;
  const childB = (await StudentModel.findOne({ representativeIds: parent2._id }).lean<{ _id: Types.ObjectId }>())!._id;
  const class9b = await cls(9, "Б");
  const student9b = (await EnrolmentModel.findOne({ classId: class9b }).lean<{ studentId: Types.ObjectId }>())!.studentId;
  return {
    schoolId: String(schoolId),
    class5a: String(await cls(5, "А")),
    class9b: String(class9b),
    childA: String(childA),
    childB: String(childB),
    student9b: String(student9b),
    teacherUser: String((await user("teacher"))._id),
    missing: String(new mongoose.Types.ObjectId()),
  };
}
